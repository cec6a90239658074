package org.tcplab.link.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

/** An in-memory file that can be told to fail: after {@code failAfter} bytes it writes no more and throws. */
final class MemoryChannel implements SeekableByteChannel {

    private byte[] data = new byte[0];
    private long position;
    private long failAfter = Long.MAX_VALUE;
    private boolean open = true;
    int truncations;

    MemoryChannel failAfter(long bytes) {
        failAfter = bytes;
        return this;
    }

    byte[] bytes() {
        return data.clone();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (position >= failAfter) {
            throw new IOException("No space left on device");
        }
        // A partial write, as a real file system may do before failing: only up to the limit.
        int n = (int) Math.min(src.remaining(), failAfter - position);
        if (position + n > data.length) {
            data = Arrays.copyOf(data, (int) (position + n));
        }
        src.get(data, (int) position, n);
        position += n;
        return n;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        truncations++;
        if (size < data.length) {
            data = Arrays.copyOf(data, (int) size);
        }
        return this;
    }

    @Override
    public SeekableByteChannel position(long p) {
        position = p;
        return this;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public long size() {
        return data.length;
    }

    @Override
    public int read(ByteBuffer dst) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
