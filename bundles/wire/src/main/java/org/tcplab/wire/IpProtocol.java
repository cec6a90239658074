package org.tcplab.wire;

/** IPv4 protocol numbers the codec knows (IANA "Assigned Internet Protocol Numbers"). */
public final class IpProtocol {
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;

    private IpProtocol() {
    }

    /** {@code "TCP"}, {@code "UDP"}, {@code "ICMP"}, or the number. */
    public static String toString(int protocol) {
        switch (protocol) {
            case ICMP: return "ICMP";
            case TCP: return "TCP";
            case UDP: return "UDP";
            default: return Integer.toString(protocol);
        }
    }
}
