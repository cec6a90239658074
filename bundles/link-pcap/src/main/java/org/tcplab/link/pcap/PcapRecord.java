package org.tcplab.link.pcap;

import java.nio.ByteBuffer;

/**
 * One IPv4 datagram read from a capture.
 *
 * @param number         the record's number in the file, from 1 (tshark's frame number); skipped records count
 * @param offset         the byte offset of the record's header in the file
 * @param timestampNanos the capture time, nanoseconds since 1970-01-01T00:00:00Z
 * @param capturedLength the bytes the record holds in the file (for Ethernet: the whole frame as captured)
 * @param originalLength the length of the packet on the wire, as the record header says (for Ethernet: the frame)
 * @param datagram       the IPv4 datagram, position 0 to limit: a fresh buffer that belongs to the caller. For an
 *                       Ethernet capture the 14-byte header is removed and so is any padding or FCS after the
 *                       IPv4 total length. It is shorter than the datagram was if the capturer cut it ({@link #cut()}).
 */
public record PcapRecord(long number, long offset, long timestampNanos, long capturedLength, long originalLength,
                         ByteBuffer datagram) {

    /** Whether the capturer kept fewer bytes than the packet had (its snaplen was smaller). */
    public boolean cut() {
        return capturedLength < originalLength;
    }
}
