package org.tcplab.api.host;

/**
 * Why a host dropped a packet, named after Linux's {@code enum skb_drop_reason} (SKB_DROP_REASON_ prefix
 * removed) where one exists.
 */
public enum DropReason {
    /** The datagram could not be parsed (truncated, bad lengths, bad options). */
    PKT_TOO_SMALL,
    /** IPv4 header checksum, version or length wrong. */
    IP_INHDR,
    /** Not addressed to any of the host's addresses. */
    IP_INADDRERRORS,
    /** A protocol the host does not speak. */
    UNHANDLED_PROTO,
    /** Fragments are not reassembled by tcplab. */
    IP_FRAGMENT,
    /** TCP checksum wrong: counted, never answered. */
    TCP_CSUM,
    /** UDP checksum wrong. */
    UDP_CSUM,
    /** ICMP checksum wrong. */
    ICMP_CSUM,
    /** No socket for the segment (a RST may have been sent in answer). */
    NO_SOCKET,
    /** A RST that nothing accepts (never answered). */
    TCP_RESET,
    /** Flags that make no sense for the state (e.g. a listener receiving an ACK, answered by RST). */
    TCP_FLAGS,
    /** SEG.SEQ outside the receive window. */
    TCP_INVALID_SEQUENCE,
    /** SEG.ACK acknowledges something not yet sent. */
    TCP_ACK_UNSENT_DATA,
    /** SEG.ACK older than SND.UNA - MAX.SND.WND (RFC 5961 5.2). */
    TCP_TOO_OLD_ACK,
    /** A segment with no ACK bit in a synchronized state. */
    TCP_NO_ACK,
    /** The listener's queue is full. */
    TCP_LISTEN_OVERFLOW,
    /** A SYN taken as an attack (RFC 5961 4.2 challenge ACK). */
    TCP_INVALID_SYN,
    /** Data after the receiving side was shut down or closed. */
    TCP_CLOSE,
    /** Received data beyond the receive buffer (zero window). */
    TCP_ZEROWINDOW,
    /** An exact duplicate of data already received. */
    TCP_OLD_DATA,
    /**
     * A segment that fails PAWS (RFC 7323 section 5). Not produced while the engine has no timestamps; a RST that
     * the policy ignores in TIME-WAIT (RFC 1337) is {@link #POLICY}.
     */
    TCP_RFC7323_PAWS,
    /** TCP-MD5: a key applies to the peer but the segment is unsigned. */
    TCP_MD5NOTFOUND,
    /** TCP-MD5: the segment is signed but no key applies to the peer. */
    TCP_MD5UNEXPECTED,
    /** TCP-MD5: the digest does not verify. */
    TCP_MD5FAILURE,
    /** TCP-AO: AO required but absent. */
    TCP_AONOTFOUND,
    /** TCP-AO: AO present where none is in use. */
    TCP_AOUNEXPECTED,
    /** TCP-AO: no master key for the segment's KeyID. */
    TCP_AOKEYNOTFOUND,
    /** TCP-AO: the MAC does not verify. */
    TCP_AOFAILURE,
    /** Two signature options, or a malformed one (Linux tcp_parse_auth_options). */
    TCP_AUTH_HDR,
    /** The policy asked to drop the segment (e.g. a RST in TIME-WAIT under RFC 1337). */
    POLICY,
    /** A UDP datagram for no socket. */
    UDP_NO_PORT,
    /** The receive queue of a UDP socket is full. */
    SOCKET_RCVBUFF,
    /** An ICMP message of no interest or not matching a connection (RFC 5927). */
    ICMP_UNMATCHED,
    /** The link refused the outgoing datagram. */
    LINK_REFUSED,
    /** A bug in the stack was caught; the host goes on. */
    INTERNAL_ERROR
}
