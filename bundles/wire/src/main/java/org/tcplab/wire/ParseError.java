package org.tcplab.wire;

/**
 * The one reason a checked parse gives. {@link #NONE} means the bytes were accepted; every other constant names
 * the first rule (in the order listed) that the bytes break. Suitable as a drop counter key.
 */
public enum ParseError {
    /** Accepted: the view's accessors may be used. */
    NONE,
    /** The buffer ends before the header, or before the length a length field announces (IPv4 total length). */
    TRUNCATED,
    /** IPv4: the version nibble is not 4. */
    BAD_VERSION,
    /** IPv4: IHL below 5 (a header shorter than 20 bytes). */
    BAD_IHL,
    /** IPv4: total length smaller than the header length. */
    BAD_TOTAL_LENGTH,
    /** IPv4: the header checksum does not verify. */
    BAD_IP_CHECKSUM,
    /** The datagram is a fragment (MF set or offset non-zero); its transport header is not parsed. */
    FRAGMENT,
    /** The IPv4 protocol is none of TCP, UDP and ICMP (for the whole-datagram parse only). */
    UNSUPPORTED_PROTOCOL,
    /** TCP: data offset below 5, or a header longer than the segment. */
    BAD_DATA_OFFSET,
    /** TCP: the checksum over pseudo-header and segment does not verify. */
    BAD_TCP_CHECKSUM,
    /** TCP: an option without its length byte, with a length below 2, or running past the header. */
    MALFORMED_OPTION,
    /** UDP: the length field is below 8 or above the bytes the IP datagram carries. */
    BAD_UDP_LENGTH,
    /** UDP: a non-zero checksum that does not verify. */
    BAD_UDP_CHECKSUM,
    /** ICMP: the checksum over the message does not verify. */
    BAD_ICMP_CHECKSUM;

    /** True for every constant but {@link #NONE}. */
    public boolean isError() {
        return this != NONE;
    }
}
