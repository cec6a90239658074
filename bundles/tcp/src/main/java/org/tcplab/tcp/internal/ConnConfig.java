package org.tcplab.tcp.internal;

import org.tcplab.api.host.HostConfig;

/**
 * The per-connection knobs, taken from the host's configuration and the socket's options when the connection is
 * made. Times in nanoseconds. Mutable because socket options may change some of them on a live connection.
 */
final class ConnConfig {
    int mss = 1460;                 // what we announce and the most we send
    int receiveBuffer = 131072;
    int sendBuffer = 65536;
    boolean nodelay;
    boolean keepalive;
    long keepIdle = 7200_000_000_000L;
    long keepIntvl = 75_000_000_000L;
    int keepCnt = 9;
    long userTimeout;               // 0: off (retry counts apply)
    long msl = 30_000_000_000L;
    long initialRto = 1_000_000_000L;
    long minRto = 200_000_000L;
    long maxRto = 120_000_000_000L;
    int synRetries = 6;
    int synAckRetries = 5;          // net.ipv4.tcp_synack_retries
    int retries2 = 15;
    long finTimeout = 60_000_000_000L; // net.ipv4.tcp_fin_timeout, for orphaned FIN-WAIT-2
    boolean reuseAddr;
    /** Delayed ACK timeout (RFC 9293 3.8.6.3); 0: off, every segment is acknowledged at once. */
    long delayedAck;
    // TCP_AO_INFO (Linux ao_required, accept_icmps), inherited by accepted connections as Linux's ao_info
    boolean aoRequired;
    boolean aoAcceptIcmps;

    static ConnConfig from(HostConfig h, int linkMtu) {
        ConnConfig c = new ConnConfig();
        c.mss = Math.max(88, linkMtu - 40);
        c.receiveBuffer = h.receiveBuffer();
        c.sendBuffer = h.sendBuffer();
        c.msl = h.msl().toNanos();
        c.initialRto = h.initialRto().toNanos();
        c.minRto = h.minRto().toNanos();
        c.maxRto = h.maxRto().toNanos();
        c.synRetries = h.synRetries();
        c.retries2 = h.retries2();
        c.delayedAck = h.delayedAck().toNanos();
        return c;
    }

    ConnConfig copy() {
        ConnConfig c = new ConnConfig();
        c.mss = mss;
        c.receiveBuffer = receiveBuffer;
        c.sendBuffer = sendBuffer;
        c.nodelay = nodelay;
        c.keepalive = keepalive;
        c.keepIdle = keepIdle;
        c.keepIntvl = keepIntvl;
        c.keepCnt = keepCnt;
        c.userTimeout = userTimeout;
        c.msl = msl;
        c.initialRto = initialRto;
        c.minRto = minRto;
        c.maxRto = maxRto;
        c.synRetries = synRetries;
        c.synAckRetries = synAckRetries;
        c.retries2 = retries2;
        c.finTimeout = finTimeout;
        c.reuseAddr = reuseAddr;
        c.delayedAck = delayedAck;
        c.aoRequired = aoRequired;
        c.aoAcceptIcmps = aoAcceptIcmps;
        return c;
    }
}
