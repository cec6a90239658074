package org.tcplab.wire;

/**
 * The twelve bits of the TCP header after the data offset, as one {@code int} (bit 0 = FIN ... bit 11), kept
 * losslessly: the eight control bits of RFC 9293 3.1 and RFC 3168, then NS (RFC 3540, historic; AE in
 * AccECN) and the three reserved bits above it.
 */
public final class TcpFlags {

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;
    /** The ECN nonce sum bit of RFC 3540 (historic), named AE by Accurate ECN. */
    public static final int NS = 0x100;
    /** Reserved bits of RFC 9293 3.1 (must be zero on send, kept as received). */
    public static final int RES9 = 0x200;
    public static final int RES10 = 0x400;
    public static final int RES11 = 0x800;
    /** All twelve bits. */
    public static final int MASK = 0xFFF;

    /**
     * The order {@link #toString(int)} writes names in: the RFC 793 figures write {@code SYN,ACK},
     * {@code FIN,ACK} and {@code RST,ACK}, so the bits that open or close come first, ACK after them, then the
     * rest from the low bits up.
     */
    private static final int[] ORDER = {SYN, RST, FIN, PSH, URG, ACK, ECE, CWR, NS, RES9, RES10, RES11};
    private static final String[] NAMES = {"SYN", "RST", "FIN", "PSH", "URG", "ACK", "ECE", "CWR", "NS", "RES9",
        "RES10", "RES11"};

    private TcpFlags() {
    }

    /**
     * The names of the bits set, comma-separated in RFC figure order ({@code "SYN,ACK"}, {@code "FIN,ACK"},
     * {@code "SYN,RST,FIN"}); {@code "NONE"} for no bits. Bits above the twelfth are ignored.
     */
    public static String toString(int flags) {
        StringBuilder sb = new StringBuilder(16);
        for (int i = 0; i < ORDER.length; i++) {
            if ((flags & ORDER[i]) != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(NAMES[i]);
            }
        }
        return sb.length() == 0 ? "NONE" : sb.toString();
    }

    /**
     * The inverse of {@link #toString(int)}: names separated by commas (or {@code "NONE"}), case-insensitive,
     * in any order. For tests and the shell.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static int parse(String names) {
        String s = names.trim();
        if (s.isEmpty() || s.equalsIgnoreCase("NONE")) {
            return 0;
        }
        int flags = 0;
        outer:
        for (String part : s.split(",")) {
            String p = part.trim();
            for (int i = 0; i < NAMES.length; i++) {
                if (NAMES[i].equalsIgnoreCase(p)) {
                    flags |= ORDER[i];
                    continue outer;
                }
            }
            throw new IllegalArgumentException("unknown TCP flag '" + p + "' in '" + names + "'");
        }
        return flags;
    }
}
