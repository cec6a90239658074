package org.tcplab.wire;

/** IPv4 addresses as {@code int}s in network order (the first octet in the high byte). */
public final class Ipv4Address {

    private Ipv4Address() {
    }

    /** The address of four octets {@code a.b.c.d}. */
    public static int of(int a, int b, int c, int d) {
        for (int o : new int[] {a, b, c, d}) {
            if ((o & ~0xFF) != 0) {
                throw new IllegalArgumentException("octet out of range 0..255: " + o);
            }
        }
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    /**
     * Parses a dotted quad ({@code "192.0.2.1"}): exactly four decimal octets 0..255, no signs, no spaces.
     *
     * @throws IllegalArgumentException for anything else (user input: catch it at the edge)
     */
    public static int parse(String s) {
        int addr = 0;
        int octets = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || octets == 4) {
                    throw bad(s);
                }
                addr = (addr << 8) | value;
                octets++;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                digits++;
                if (value > 255) {
                    throw bad(s);
                }
            } else {
                throw bad(s);
            }
        }
        if (octets != 4) {
            throw bad(s);
        }
        return addr;
    }

    private static IllegalArgumentException bad(String s) {
        return new IllegalArgumentException("not a dotted-quad IPv4 address: '" + s + "'");
    }

    /** The dotted quad of {@code addr}. */
    public static String toString(int addr) {
        return (addr >>> 24) + "." + ((addr >>> 16) & 0xFF) + "." + ((addr >>> 8) & 0xFF) + "." + (addr & 0xFF);
    }
}
