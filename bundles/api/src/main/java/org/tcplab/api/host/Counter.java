package org.tcplab.api.host;

/**
 * What a host counts, named as Linux's SNMP MIB counters (/proc/net/snmp, /proc/net/netstat) where one exists.
 * {@link #mibName()} gives Linux's spelling, e.g. {@code Tcp.OutRsts} or {@code TcpExt.TCPChallengeACK}.
 */
public enum Counter {
    IP_IN_RECEIVES("Ip", "InReceives"),
    IP_IN_HDR_ERRORS("Ip", "InHdrErrors"),
    IP_IN_ADDR_ERRORS("Ip", "InAddrErrors"),
    IP_IN_UNKNOWN_PROTOS("Ip", "InUnknownProtos"),
    IP_IN_DELIVERS("Ip", "InDelivers"),
    IP_OUT_REQUESTS("Ip", "OutRequests"),
    IP_OUT_DISCARDS("Ip", "OutDiscards"),
    IP_OUT_NO_ROUTES("Ip", "OutNoRoutes"),

    ICMP_IN_MSGS("Icmp", "InMsgs"),
    ICMP_IN_ERRORS("Icmp", "InErrors"),
    ICMP_IN_CSUM_ERRORS("Icmp", "InCsumErrors"),
    ICMP_IN_DEST_UNREACHS("Icmp", "InDestUnreachs"),
    ICMP_IN_ECHOS("Icmp", "InEchos"),
    ICMP_OUT_MSGS("Icmp", "OutMsgs"),
    ICMP_OUT_RATE_LIMIT_GLOBAL("Icmp", "OutRateLimitGlobal"),
    ICMP_OUT_RATE_LIMIT_HOST("Icmp", "OutRateLimitHost"),
    ICMP_OUT_DEST_UNREACHS("Icmp", "OutDestUnreachs"),
    ICMP_OUT_ECHO_REPS("Icmp", "OutEchoReps"),

    TCP_ACTIVE_OPENS("Tcp", "ActiveOpens"),
    TCP_PASSIVE_OPENS("Tcp", "PassiveOpens"),
    TCP_ATTEMPT_FAILS("Tcp", "AttemptFails"),
    TCP_ESTAB_RESETS("Tcp", "EstabResets"),
    TCP_CURR_ESTAB("Tcp", "CurrEstab"),
    TCP_IN_SEGS("Tcp", "InSegs"),
    TCP_OUT_SEGS("Tcp", "OutSegs"),
    TCP_RETRANS_SEGS("Tcp", "RetransSegs"),
    TCP_IN_ERRS("Tcp", "InErrs"),
    TCP_OUT_RSTS("Tcp", "OutRsts"),
    TCP_IN_CSUM_ERRORS("Tcp", "InCsumErrors"),

    TCP_EXT_CHALLENGE_ACK("TcpExt", "TCPChallengeACK"),
    TCP_EXT_SYN_CHALLENGE("TcpExt", "TCPSYNChallenge"),
    TCP_EXT_ACK_SKIPPED_CHALLENGE("TcpExt", "TCPACKSkippedChallenge"),
    /** An ACK to a bare segment outside the window not sent: the per-connection limit ({@code tcp_oow_rate_limited}). */
    TCP_EXT_ACK_SKIPPED_SEQ("TcpExt", "TCPACKSkippedSeq"),
    TCP_EXT_EMBRYONIC_RSTS("TcpExt", "EmbryonicRsts"),
    TCP_EXT_OFO_DROP("TcpExt", "TCPOFODrop"),
    TCP_EXT_LISTEN_OVERFLOWS("TcpExt", "ListenOverflows"),
    TCP_EXT_LISTEN_DROPS("TcpExt", "ListenDrops"),
    TCP_EXT_TW_RECYCLED("TcpExt", "TWRecycled"),
    TCP_EXT_TIMEOUTS("TcpExt", "TCPTimeouts"),
    TCP_EXT_FAST_RETRANS("TcpExt", "TCPFastRetrans"),
    TCP_EXT_KEEPALIVE("TcpExt", "TCPKeepAlive"),
    TCP_EXT_ABORT_ON_DATA("TcpExt", "TCPAbortOnData"),
    TCP_EXT_ABORT_ON_CLOSE("TcpExt", "TCPAbortOnClose"),
    TCP_EXT_ABORT_ON_LINGER("TcpExt", "TCPAbortOnLinger"),
    TCP_EXT_ABORT_ON_TIMEOUT("TcpExt", "TCPAbortOnTimeout"),
    TCP_EXT_OFO_QUEUE("TcpExt", "TCPOFOQueue"),
    TCP_EXT_WIN_PROBE("TcpExt", "TCPWinProbe"),
    TCP_EXT_SYN_RETRANS("TcpExt", "TCPSynRetrans"),
    /** A key applies to the peer but the segment carries no MD5 option (dropped). */
    TCP_EXT_MD5_NOT_FOUND("TcpExt", "TCPMD5NotFound"),
    /** The segment carries an MD5 option but no key applies to the peer (dropped). */
    TCP_EXT_MD5_UNEXPECTED("TcpExt", "TCPMD5Unexpected"),
    /** The MD5 digest does not match the key (dropped). */
    TCP_EXT_MD5_FAILURE("TcpExt", "TCPMD5Failure"),
    /** Segments whose TCP-AO MAC verified on a TCP-AO connection. */
    TCP_EXT_AO_GOOD("TcpExt", "TCPAOGood"),
    /** TCP-AO required but the segment carries no AO option (dropped). */
    TCP_EXT_AO_REQUIRED("TcpExt", "TCPAORequired"),
    /** No TCP-AO master key for the segment's KeyID, or AO where none is in use (dropped). */
    TCP_EXT_AO_KEY_NOT_FOUND("TcpExt", "TCPAOKeyNotFound"),
    /** The TCP-AO MAC does not match (dropped). */
    TCP_EXT_AO_BAD("TcpExt", "TCPAOBad"),
    /** ICMP errors a TCP-AO connection ignored (RFC 5925 §7.8). */
    TCP_EXT_AO_DROPPED_ICMPS("TcpExt", "TCPAODroppedIcmps"),

    UDP_IN_DATAGRAMS("Udp", "InDatagrams"),
    UDP_NO_PORTS("Udp", "NoPorts"),
    UDP_IN_ERRORS("Udp", "InErrors"),
    UDP_OUT_DATAGRAMS("Udp", "OutDatagrams"),
    UDP_IN_CSUM_ERRORS("Udp", "InCsumErrors");

    private final String group;
    private final String name;

    Counter(String group, String name) {
        this.group = group;
        this.name = name;
    }

    /** The counter whose {@link #mibName()} is {@code mibName}, or null. */
    public static Counter byMibName(String mibName) {
        for (Counter c : values()) {
            if (c.mibName().equals(mibName)) {
                return c;
            }
        }
        return null;
    }

    /** Linux's name, e.g. {@code Tcp.OutRsts}. */
    public String mibName() {
        return group + "." + name;
    }
}
