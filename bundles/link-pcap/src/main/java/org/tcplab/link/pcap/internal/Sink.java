package org.tcplab.link.pcap.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/** Where a pcap writer's bytes go. Not thread-safe: the writer calls it under its lock. */
public interface Sink {

    /** Writes all remaining bytes of {@code bytes}, or throws. */
    void write(ByteBuffer bytes) throws IOException;

    /**
     * After a failed write: cuts the output back to {@code length} bytes (the end of the last whole record) if
     * this sink can. Returns why it could not, or null.
     */
    String cutBackTo(long length);

    void close() throws IOException;

    static Sink of(OutputStream out) {
        return new Sink() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
                out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                out.flush();
                bytes.position(bytes.limit());
            }

            @Override
            public String cutBackTo(long length) {
                return "a stream cannot be cut back: the output may end in a partial record";
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    static Sink of(SeekableByteChannel channel) {
        return new Sink() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }

            @Override
            public String cutBackTo(long length) {
                try {
                    channel.truncate(length);
                    channel.position(length);
                    return null;
                } catch (IOException | RuntimeException e) {
                    return "could not cut the file back to its last whole record: " + Reasons.of(e);
                }
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
