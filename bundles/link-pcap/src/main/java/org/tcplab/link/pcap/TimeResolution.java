package org.tcplab.link.pcap;

/** What the fractional part of a record's timestamp counts; the file's magic number says which. */
public enum TimeResolution {

    /** Microseconds, magic {@code 0xa1b2c3d4}: the original format, understood by every tool. */
    MICROS(0xa1b2c3d4, 1_000),

    /** Nanoseconds, magic {@code 0xa1b23c4d}: what tcplab writes by default (no rounding of clock values). */
    NANOS(0xa1b23c4d, 1);

    private final int magic;
    private final long nanosPerUnit;

    TimeResolution(int magic, long nanosPerUnit) {
        this.magic = magic;
        this.nanosPerUnit = nanosPerUnit;
    }

    /** The magic number that opens a file of this resolution (as written in the file's own byte order). */
    public int magic() {
        return magic;
    }

    /** Nanoseconds per unit of the fractional field. */
    long nanosPerUnit() {
        return nanosPerUnit;
    }
}
