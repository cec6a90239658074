package org.tcplab.tcp.internal;

import org.tcplab.api.host.Counter;
import org.tcplab.api.host.DropReason;
import org.tcplab.api.host.RstReason;
import org.tcplab.api.tcp.TcpState;

/**
 * What the pure state machine asks of the world, as actions: segments to send, state changes and policy
 * decisions to show, counters to bump, packets dropped. The host implements it (IP, link, trace); tests record
 * it. Nothing here may call back into the connection.
 */
interface Effects {

    /** Send {@code segment} from the connection's local endpoint to its remote one; {@code rst} when it is a RST. */
    void send(Connection c, Segment segment, RstReason rst);

    void stateChanged(Connection c, TcpState from, TcpState to);

    void decided(Connection c, String policy, String method, Object verdict);

    void count(Counter counter);

    void dropped(Connection c, Segment segment, DropReason reason);

    /** A passively opened connection reached ESTABLISHED: it belongs in its listener's accept queue. */
    void established(Connection c);

    /**
     * Linux tcp_send_challenge_ack's host-wide limit (net.ipv4.tcp_challenge_ack_limit): whether one more challenge
     * ACK may go this second. The per-socket limit lives in the connection.
     */
    default boolean challengeAckAllowed(long now) {
        return true;
    }

    /** The TCB is deleted (CLOSED): remove it from the demux tables; the socket may still read what is left. */
    void deleted(Connection c);
}
