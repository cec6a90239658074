package org.tcplab.api.host;

import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.tcp.TcpState;

/**
 * One line of a host's socket table, as {@code ss -tan} shows it: a snapshot, not a live view.
 *
 * @param local     local address and port
 * @param remote    the peer, or null for a listener
 * @param state     RFC name of the state (LISTEN for a listener)
 * @param sndUna    SND.UNA (0 for a listener)
 * @param sndNxt    the highest sequence number sent plus one
 * @param rcvNxt    RCV.NXT (0 for a listener)
 * @param sendQueue bytes not yet acknowledged by the peer; for a listener, connections waiting for accept
 * @param recvQueue bytes received and not yet read; for a listener, its backlog
 * @param policy    the policy name the socket is pinned to, or null when it follows the host
 */
public record SocketInfo(Endpoint local, Endpoint remote, TcpState state, long sndUna, long sndNxt, long rcvNxt,
        int sendQueue, int recvQueue, String policy) {

    @Override
    public String toString() {
        return String.format("%-12s %6d %6d %-21s %-21s%s", state, recvQueue, sendQueue, local,
                remote == null ? "*:*" : remote, policy == null ? "" : " policy=" + policy).stripTrailing();
    }
}
