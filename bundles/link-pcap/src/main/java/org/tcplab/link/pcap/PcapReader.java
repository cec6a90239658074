package org.tcplab.link.pcap;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.tcplab.link.pcap.internal.Reasons;

/**
 * Reads a classic pcap file (either byte order, micro- or nanosecond timestamps) and gives its IPv4 datagrams
 * one by one. Link types {@link LinkType#RAW} and {@link LinkType#IPV4} give each record as it is;
 * {@link LinkType#ETHERNET} gives the payload of IPv4 frames (ethertype 0x0800) and counts every other frame as
 * skipped.
 *
 * <p>Nothing here throws for bad content or I/O trouble: {@link #open} checks the file header and fails with one
 * {@link PcapError}; {@link #next} then gives every whole record, and when it gives none {@link #error()} says
 * whether the file ended cleanly or why reading stopped (a truncated or corrupt record, an I/O error).
 *
 * <pre>{@code
 * PcapResult<PcapReader> opened = PcapReader.open(path);
 * if (opened.failure().isPresent()) { print(opened.failure().get().message()); return; }
 * try (PcapReader r = opened.orElseThrow()) {
 *     for (Optional<PcapRecord> rec = r.next(); rec.isPresent(); rec = r.next()) { ... }
 *     r.error().ifPresent(e -> print(e.message()));
 * }
 * }</pre>
 *
 * <p>A reader is not thread-safe: one thread reads it. It owns its stream and closes it on {@link #close()}.
 */
public final class PcapReader implements AutoCloseable {

    /** The pcapng Section Header Block type: the same bytes in both orders. */
    private static final int PCAPNG_MAGIC = 0x0a0d0d0a;
    private static final int FILE_HEADER_LENGTH = 24;
    private static final int RECORD_HEADER_LENGTH = 16;
    private static final int ETHERNET_HEADER_LENGTH = 14;
    private static final int ETHERTYPE_IPV4 = 0x0800;

    private final InputStream in;
    private final String source;
    private final PcapHeader header;
    private final long recordLimit;
    private final ByteBuffer recordHeader;

    private long offset = FILE_HEADER_LENGTH;
    private long records;
    private long skipped;
    private PcapError error;
    private boolean done;

    private PcapReader(InputStream in, String source, PcapHeader header) {
        this.in = in;
        this.source = source;
        this.header = header;
        // libpcap's rule: a snaplen of 0 or above its maximum means "use the maximum".
        this.recordLimit = header.snaplen() == 0 || header.snaplen() > PcapFormat.MAX_SNAPLEN
            ? PcapFormat.MAX_SNAPLEN : header.snaplen();
        this.recordHeader = ByteBuffer.allocate(RECORD_HEADER_LENGTH).order(header.byteOrder());
    }

    /** Opens a capture file and checks its header. */
    public static PcapResult<PcapReader> open(Path path) {
        InputStream in;
        try {
            if (Files.isDirectory(path)) {
                return new PcapResult.Failed<>(new PcapError.Unreadable(path.toString(), "is a directory"));
            }
            in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        } catch (IOException | SecurityException e) {
            return new PcapResult.Failed<>(new PcapError.Unreadable(path.toString(), Reasons.of(e)));
        }
        return of(in, path.toString());
    }

    /** A reader over a stream; {@code source} names it in messages. The reader owns the stream. */
    public static PcapResult<PcapReader> of(InputStream in, String source) {
        byte[] bytes = new byte[FILE_HEADER_LENGTH];
        int n;
        try {
            n = in.readNBytes(bytes, 0, bytes.length);
        } catch (IOException e) {
            closeQuietly(in);
            return new PcapResult.Failed<>(new PcapError.Unreadable(source, Reasons.of(e)));
        }
        PcapResult<PcapHeader> header = parseHeader(bytes, n);
        if (header instanceof PcapResult.Failed<PcapHeader> f) {
            closeQuietly(in);
            return new PcapResult.Failed<>(f.error());
        }
        return new PcapResult.Ok<>(new PcapReader(in, source, header.orElseThrow()));
    }

    /** A reader over bytes in memory. */
    public static PcapResult<PcapReader> of(byte[] file) {
        return of(new ByteArrayInputStream(file), "(" + file.length + " bytes in memory)");
    }

    /** Reads a whole capture file: every whole record, then the problem that stopped reading, if any. */
    public static PcapCapture readAll(Path path) {
        return readAll(open(path));
    }

    /** Reads a whole capture in memory. */
    public static PcapCapture readAll(byte[] file) {
        return readAll(of(file));
    }

    private static PcapCapture readAll(PcapResult<PcapReader> opened) {
        if (opened instanceof PcapResult.Failed<PcapReader> f) {
            return new PcapCapture(Optional.empty(), List.of(), 0, Optional.of(f.error()));
        }
        try (PcapReader r = opened.orElseThrow()) {
            List<PcapRecord> list = new ArrayList<>();
            for (Optional<PcapRecord> rec = r.next(); rec.isPresent(); rec = r.next()) {
                list.add(rec.get());
            }
            return new PcapCapture(Optional.of(r.header()), List.copyOf(list), r.skipped(), r.error());
        }
    }

    static PcapResult<PcapHeader> parseHeader(byte[] bytes, int length) {
        if (length >= 4) {
            ByteBuffer b = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.BIG_ENDIAN);
            int magic = b.getInt(0);
            if (magic == PCAPNG_MAGIC) {
                return new PcapResult.Failed<>(new PcapError.Pcapng());
            }
            ByteOrder order = null;
            TimeResolution resolution = null;
            for (TimeResolution r : TimeResolution.values()) {
                if (magic == r.magic()) {
                    order = ByteOrder.BIG_ENDIAN;
                    resolution = r;
                } else if (magic == Integer.reverseBytes(r.magic())) {
                    order = ByteOrder.LITTLE_ENDIAN;
                    resolution = r;
                }
            }
            if (order == null) {
                return new PcapResult.Failed<>(new PcapError.NotPcap(magic));
            }
            if (length < FILE_HEADER_LENGTH) {
                return new PcapResult.Failed<>(new PcapError.TruncatedHeader(length));
            }
            b.order(order);
            int major = Short.toUnsignedInt(b.getShort(4));
            int minor = Short.toUnsignedInt(b.getShort(6));
            // 8: thiszone and 12: sigfigs are 0 in practice and ignored by every reader, as here.
            long snaplen = Integer.toUnsignedLong(b.getInt(16));
            // The low 16 bits are the link type; the high bits may carry FCS information (ignored: an Ethernet
            // FCS falls after the IPv4 total length and is cut with the padding).
            int linkTypeValue = b.getInt(20) & 0xffff;
            if (major != 2) {
                return new PcapResult.Failed<>(new PcapError.UnsupportedVersion(major, minor));
            }
            Optional<LinkType> linkType = LinkType.of(linkTypeValue);
            if (linkType.isEmpty()) {
                return new PcapResult.Failed<>(new PcapError.UnsupportedLinkType(linkTypeValue));
            }
            return new PcapResult.Ok<>(new PcapHeader(order, resolution, major, minor, snaplen, linkType.get()));
        }
        return new PcapResult.Failed<>(new PcapError.TruncatedHeader(length));
    }

    /** The file header. */
    public PcapHeader header() {
        return header;
    }

    /**
     * The next IPv4 datagram, or empty at the end of the file or at the first problem ({@link #error()}).
     * Records that hold no IPv4 datagram (non-IPv4 Ethernet frames) are skipped and counted.
     */
    public Optional<PcapRecord> next() {
        while (!done) {
            long number = records + 1;
            long recordOffset = offset;
            int n;
            try {
                n = in.readNBytes(recordHeader.array(), 0, RECORD_HEADER_LENGTH);
            } catch (IOException e) {
                return stop(new PcapError.Unreadable(source, Reasons.of(e)));
            }
            if (n == 0) {
                done = true;
                return Optional.empty();
            }
            if (n < RECORD_HEADER_LENGTH) {
                return stop(new PcapError.TruncatedRecordHeader(number, recordOffset, n));
            }
            long seconds = Integer.toUnsignedLong(recordHeader.getInt(0));
            long fraction = Integer.toUnsignedLong(recordHeader.getInt(4));
            long captured = Integer.toUnsignedLong(recordHeader.getInt(8));
            long original = Integer.toUnsignedLong(recordHeader.getInt(12));
            if (captured > recordLimit) {
                return stop(new PcapError.CapturedLengthTooLarge(number, recordOffset, captured, header.snaplen(),
                    recordLimit));
            }
            byte[] data = new byte[(int) captured];
            int got;
            try {
                got = in.readNBytes(data, 0, data.length);
            } catch (IOException e) {
                return stop(new PcapError.Unreadable(source, Reasons.of(e)));
            }
            if (got < captured) {
                return stop(new PcapError.TruncatedRecord(number, recordOffset, captured, got));
            }
            records = number;
            offset += RECORD_HEADER_LENGTH + captured;
            ByteBuffer datagram = datagram(data);
            if (datagram == null) {
                skipped++;
                continue;
            }
            long nanos = seconds * 1_000_000_000L + fraction * header.resolution().nanosPerUnit();
            return Optional.of(new PcapRecord(number, recordOffset, nanos, captured, original, datagram));
        }
        return Optional.empty();
    }

    private ByteBuffer datagram(byte[] data) {
        if (header.linkType() != LinkType.ETHERNET) {
            return ByteBuffer.wrap(data);
        }
        if (data.length < ETHERNET_HEADER_LENGTH
            || (((data[12] & 0xff) << 8) | (data[13] & 0xff)) != ETHERTYPE_IPV4) {
            return null;
        }
        int length = data.length - ETHERNET_HEADER_LENGTH;
        // Frames shorter than 60 bytes are padded, and some captures keep the FCS: the IPv4 total length says
        // where the datagram ends. A header too short to say is left as it is, for the host to judge.
        if (length >= 20 && (data[ETHERNET_HEADER_LENGTH] & 0xf0) == 0x40) {
            int total = ((data[ETHERNET_HEADER_LENGTH + 2] & 0xff) << 8) | (data[ETHERNET_HEADER_LENGTH + 3] & 0xff);
            if (total >= 20 && total < length) {
                length = total;
            }
        }
        return ByteBuffer.wrap(data, ETHERNET_HEADER_LENGTH, length).slice();
    }

    private Optional<PcapRecord> stop(PcapError e) {
        error = e;
        done = true;
        return Optional.empty();
    }

    /** Why reading stopped before the end of the file; empty while reading and after a clean end. */
    public Optional<PcapError> error() {
        return Optional.ofNullable(error);
    }

    /** Whole records read so far, skipped ones included (the number of the last one). */
    public long records() {
        return records;
    }

    /** Whole records that held no IPv4 datagram (Ethernet frames of another type, or shorter than a header). */
    public long skipped() {
        return skipped;
    }

    /** Closes the stream. Reading after this ends (an I/O error at most). */
    @Override
    public void close() {
        closeQuietly(in);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Nothing was written through it: a failing close of an input loses nothing.
        }
    }
}
