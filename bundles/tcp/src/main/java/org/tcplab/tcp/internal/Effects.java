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

    /** An ACK for in-order data is delayed until {@code until} at the latest (for the trace). */
    void ackDelayed(Connection c, long until);

    /**
     * The connection owes an ACK that may wait until the end of the batch of datagrams the host is processing
     * (one ACK for the batch instead of one per segment). True: the host will call {@link Connection#flushAck}
     * when the batch is done. False (no batch): the connection sends it now.
     */
    boolean deferAck(Connection c);

    /**
     * Takes one challenge ACK from the host-wide budget of the current second, {@code limit} being the policy's
     * {@link org.tcplab.api.policy.ChallengeAckLimits#hostWidePerSecond()}; false when the budget is spent.
     */
    boolean takeHostChallengeAck(int limit, long now);

    void dropped(Connection c, Segment segment, DropReason reason);

    /** A passively opened connection reached ESTABLISHED: it belongs in its listener's accept queue. */
    void established(Connection c);

    /** The TCB is deleted (CLOSED): remove it from the demux tables; the socket may still read what is left. */
    void deleted(Connection c);
}
