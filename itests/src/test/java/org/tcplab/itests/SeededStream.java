package org.tcplab.itests;

/**
 * An endless pseudo-random byte stream that follows from one seed: the sender draws its data from one and the
 * receiver regenerates the same bytes from another made with the same seed, so every received byte is checked
 * at its position without keeping what was sent. SplitMix64 (Steele, Lea, Flood 2014): cheap, and every seed
 * gives a different stream.
 */
final class SeededStream {

    private long state;
    private long word;
    private int left;
    private long position;

    SeededStream(long seed) {
        this.state = seed;
    }

    /** How many bytes were drawn so far: the position of the next one. */
    long position() {
        return position;
    }

    /** The next {@code length} bytes of the stream into {@code into} from {@code offset}. */
    void next(byte[] into, int offset, int length) {
        for (int i = 0; i < length; i++) {
            into[offset + i] = nextByte();
        }
    }

    /**
     * Compares {@code length} bytes of {@code data} from {@code offset} with the next bytes of the stream (which
     * it consumes); returns the stream position of the first byte that differs, or -1 when all are equal.
     */
    long verify(byte[] data, int offset, int length) {
        long firstBad = -1;
        for (int i = 0; i < length; i++) {
            long at = position;
            if (nextByte() != data[offset + i] && firstBad < 0) {
                firstBad = at;
            }
        }
        return firstBad;
    }

    private byte nextByte() {
        if (left == 0) {
            long z = state += 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            word = z ^ (z >>> 31);
            left = 8;
        }
        byte b = (byte) word;
        word >>>= 8;
        left--;
        position++;
        return b;
    }
}
