package org.tcplab.api.host;

/** Why a host sent a RST, named after Linux's {@code enum sk_rst_reason} (SK_RST_REASON_ prefix removed). */
public enum RstReason {
    NOT_SPECIFIED,
    /** A segment for no socket (RFC 9293 3.5.2 group 1, Linux tcp_v4_send_reset with sk == NULL). */
    NO_SOCKET,
    /** SYN-SENT: SEG.ACK =< ISS or SEG.ACK > SND.NXT (RFC 793 figure 9). */
    TCP_INVALID_ACK_SEQUENCE,
    /** A listener got an ACK; or SYN-RECEIVED got an unacceptable ACK. */
    TCP_FLAGS,
    /** Data arrived after the application closed (Linux tcp_rcv_state_process "TCPAbortOnData"). */
    TCP_ABORT_ON_DATA,
    /** close() with unread data (RFC 2525 2.17). */
    TCP_ABORT_ON_CLOSE,
    /** close() with SO_LINGER zero. */
    TCP_ABORT_ON_LINGER,
    /** Keepalive probes unanswered. */
    TCP_KEEPALIVE_TIMEOUT,
    /** A segment for a TIME-WAIT connection that must be refused. */
    TCP_TIMEWAIT_SOCKET,
    /** RFC 793: a SYN in the window of a synchronized connection. */
    TCP_STATE,
    /** Retransmissions or TCP_USER_TIMEOUT exhausted (Linux sends none; kept for the SYN-RECEIVED abort). */
    TCP_TIMEOUT
}
