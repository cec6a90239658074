package org.tcplab.link.pcap;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.tcplab.link.pcap.internal.Reasons;
import org.tcplab.link.pcap.internal.Sink;

/**
 * Writes IPv4 datagrams to a classic pcap file (see the package documentation for the layout).
 *
 * <p><b>Buffering</b>: records are gathered in memory and written in whole-record chunks of about 64 KiB, and on
 * {@link #flush()} and {@link #close()}. A file is therefore valid after every chunk; call {@code flush()} when
 * someone is reading the file while it grows.
 *
 * <p><b>Failures</b> are never silent and never thrown: when the output fails, the writer stops, keeps the first
 * reason ({@link Status#failure()}), counts every record that did not reach the output from then on
 * ({@link Status#lost()}) and returns false from {@link #write}. A writer over a file or a seekable channel
 * then cuts the file back to the end of its last whole record, so it stays readable; a stream cannot be cut
 * back, and may end in a partial record.
 *
 * <p><b>Threads</b>: every method is safe to call from any thread (a tap records both directions of a link from
 * the link's thread and the host's); records appear in the order the calls took the writer's lock.
 *
 * <p><b>Ownership</b>: {@link #write} borrows the datagram only during the call and never changes its position;
 * the writer owns its output and closes it on {@link #close()}.
 */
public final class PcapWriter implements AutoCloseable {

    private static final int FILE_HEADER_LENGTH = 24;
    private static final int RECORD_HEADER_LENGTH = 16;
    private static final int CHUNK = 1 << 16;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MAX_SECONDS = 0xffff_ffffL;

    private final Sink sink;
    private final String target;
    private final PcapFormat format;
    private final ByteBuffer buffer;

    private long committedBytes;
    private long written;
    private long buffered;
    private long lost;
    private PcapError failure;
    private boolean closed;

    private PcapWriter(Sink sink, String target, PcapFormat format) {
        this.sink = sink;
        this.target = target;
        this.format = format;
        this.buffer = ByteBuffer.allocate(Math.max(CHUNK, RECORD_HEADER_LENGTH + format.snaplen()))
            .order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(format.resolution().magic())
            .putShort((short) 2).putShort((short) 4)
            .putInt(0)                                     // thiszone: timestamps are UTC
            .putInt(0)                                     // sigfigs: always 0
            .putInt(format.snaplen())
            .putInt(format.linkType().value());
    }

    /**
     * Creates (or empties) the file at {@code path}. Fails with {@link PcapError.Unwritable} when it cannot be
     * opened for writing (missing directory, permission, a directory in the way).
     */
    public static PcapResult<PcapWriter> create(Path path, PcapFormat format) {
        if (Files.isDirectory(path)) {
            return new PcapResult.Failed<>(new PcapError.Unwritable(path.toString(), "is a directory"));
        }
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
            PcapWriter writer = new PcapWriter(Sink.of(channel), path.toString(), format);
            // The file header goes out now, so a file that exists is a valid (empty) capture.
            if (!writer.flush()) {
                PcapError e = writer.status().failure().orElseThrow();
                writer.close();
                return new PcapResult.Failed<>(new PcapError.Unwritable(path.toString(),
                    ((PcapError.WriteFailed) e).reason()));
            }
            return new PcapResult.Ok<>(writer);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return new PcapResult.Failed<>(new PcapError.Unwritable(path.toString(), Reasons.of(e)));
        }
    }

    /**
     * A writer into a channel positioned where the file starts (normally at 0, empty); on failure it is cut back
     * to its last whole record. {@code target} names it in messages. The writer owns the channel.
     */
    public static PcapWriter to(SeekableByteChannel channel, String target, PcapFormat format) {
        return new PcapWriter(Sink.of(channel), target, format);
    }

    /** A writer into a stream; {@code target} names it in messages. The writer owns the stream. */
    public static PcapWriter to(OutputStream out, String target, PcapFormat format) {
        return new PcapWriter(Sink.of(out), target, format);
    }

    /** The layout of the file. */
    public PcapFormat format() {
        return format;
    }

    /**
     * Adds one record: the bytes of {@code datagram} from its position to its limit (cut to the snaplen, the
     * original length kept), stamped {@code timestampNanos} after 1970-01-01T00:00:00Z (rounded down to whole
     * microseconds in a {@link TimeResolution#MICROS} file).
     *
     * @return true when the record is buffered or written; false when it is lost (the writer failed or is closed)
     * @throws IllegalArgumentException if the timestamp is negative or beyond the format's 2106 limit: a bug
     *                                  in the caller's time source
     */
    public synchronized boolean write(long timestampNanos, ByteBuffer datagram) {
        long seconds = Math.floorDiv(timestampNanos, NANOS_PER_SECOND);
        if (timestampNanos < 0 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("timestamp " + timestampNanos + " ns is outside 1970..2106");
        }
        if (closed || failure != null) {
            lost++;
            return false;
        }
        int length = datagram.remaining();
        int captured = Math.min(length, format.snaplen());
        if (buffer.remaining() < RECORD_HEADER_LENGTH + captured && !drain()) {
            lost++;
            return false;
        }
        long fraction = (timestampNanos % NANOS_PER_SECOND) / format.resolution().nanosPerUnit();
        buffer.putInt((int) seconds).putInt((int) fraction).putInt(captured).putInt(length);
        int start = datagram.position();
        buffer.put(datagram.duplicate().limit(start + captured));
        buffered++;
        return true;
    }

    /**
     * Writes every buffered record out.
     *
     * @return false if the writer has failed (now or before) or is closed
     */
    public synchronized boolean flush() {
        return !closed && drain();
    }

    /** Writes what is buffered and closes the output. Idempotent; see {@link #status()} for the outcome. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        drain();
        closed = true;
        try {
            sink.close();
        } catch (IOException | UncheckedIOException e) {
            if (failure == null) {
                failure = new PcapError.WriteFailed(target, "closing: " + Reasons.of(e));
            }
        }
    }

    /** What has happened so far. */
    public synchronized Status status() {
        return new Status(written, buffered, lost, Optional.ofNullable(failure), closed);
    }

    /**
     * A writer's counts.
     *
     * @param written  records that reached the output
     * @param buffered records waiting in memory for the next chunk, {@link #flush()} or {@link #close()}
     * @param lost     records that never reached the output (it failed, or they came after {@link #close()})
     * @param failure  the first failure of the output, with its reason
     * @param closed   whether {@link #close()} was called
     */
    public record Status(long written, long buffered, long lost, Optional<PcapError> failure, boolean closed) {
    }

    @Override
    public String toString() {
        return "PcapWriter[" + target + ", " + format + "]";
    }

    private boolean drain() {
        if (failure != null) {
            return false;
        }
        if (buffer.position() == 0) {
            return true;
        }
        buffer.flip();
        int chunk = buffer.remaining();
        try {
            sink.write(buffer);
        } catch (IOException | UncheckedIOException e) {
            String reason = Reasons.of(e);
            String cut = sink.cutBackTo(committedBytes);
            failure = new PcapError.WriteFailed(target, cut == null ? reason : reason + "; " + cut);
            lost += buffered;
            buffered = 0;
            buffer.clear();
            return false;
        }
        committedBytes += chunk;
        written += buffered;
        buffered = 0;
        buffer.clear();
        return true;
    }
}
