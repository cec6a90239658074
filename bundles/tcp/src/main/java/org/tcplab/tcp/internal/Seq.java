package org.tcplab.tcp.internal;

/**
 * 32-bit modular sequence arithmetic (RFC 9293 §3.4, RFC 1982). Sequence numbers are held in a long as unsigned
 * 32-bit values; this class is the only place they are compared. {@code lt(a, b)} means "a comes before b",
 * which holds when b is less than 2^31 ahead of a.
 */
final class Seq {

    static final long MASK = 0xFFFF_FFFFL;

    private Seq() {
    }

    /** a + n, wrapped to 32 bits. */
    static long add(long a, long n) {
        return (a + n) & MASK;
    }

    /** The signed distance from b to a (a - b), as an int: positive when a is after b. */
    static int diff(long a, long b) {
        return (int) (a - b);
    }

    static boolean lt(long a, long b) {
        return diff(a, b) < 0;
    }

    static boolean leq(long a, long b) {
        return diff(a, b) <= 0;
    }

    static boolean gt(long a, long b) {
        return diff(a, b) > 0;
    }

    static boolean geq(long a, long b) {
        return diff(a, b) >= 0;
    }

    /** start =< x < start + len (an empty window holds nothing). */
    static boolean inWindow(long x, long start, long len) {
        return len > 0 && leq(start, x) && lt(x, add(start, len));
    }

    /** The later of a and b. */
    static long max(long a, long b) {
        return gt(a, b) ? a : b;
    }
}
