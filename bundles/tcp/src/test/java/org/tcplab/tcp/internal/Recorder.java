package org.tcplab.tcp.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.tcplab.api.host.Counter;
import org.tcplab.api.host.DropReason;
import org.tcplab.api.host.RstReason;
import org.tcplab.api.tcp.TcpState;

/** Records every action of the state machine, for "exactly these segments, then nothing". */
final class Recorder implements Effects {

    final List<Segment> sent = new ArrayList<>();
    final List<RstReason> rstReasons = new ArrayList<>();
    final List<String> states = new ArrayList<>();
    final List<String> decisions = new ArrayList<>();
    final Map<Counter, Integer> counts = new EnumMap<>(Counter.class);
    final List<DropReason> drops = new ArrayList<>();
    int established;
    int deleted;

    @Override
    public void send(Connection c, Segment segment, RstReason rst) {
        sent.add(segment.detached()); // a sent segment's data may be a view of the send buffer (Segment)
        if (rst != null) {
            rstReasons.add(rst);
        }
    }

    @Override
    public void stateChanged(Connection c, TcpState from, TcpState to) {
        states.add(from + " -> " + to);
    }

    @Override
    public void decided(Connection c, String policy, String method, Object verdict) {
        decisions.add(policy + "." + method + "=" + verdict);
    }

    /** The host-wide challenge ACK budget left; unlimited unless a test sets it. */
    int hostChallengeAcks = Integer.MAX_VALUE;

    @Override
    public boolean takeHostChallengeAck(int limit, long now) {
        if (hostChallengeAcks == 0) {
            return false;
        }
        hostChallengeAcks--;
        return true;
    }

    /** The deadlines of the delayed ACKs announced. */
    final List<Long> ackDelays = new ArrayList<>();
    /** Connections whose ACK the "host" holds to the end of a batch; null: no batch, ACKs go at once. */
    List<Connection> batch;

    @Override
    public void ackDelayed(Connection c, long until) {
        ackDelays.add(until);
    }

    @Override
    public boolean deferAck(Connection c) {
        if (batch == null) {
            return false;
        }
        batch.add(c);
        return true;
    }

    @Override
    public void count(Counter counter) {
        counts.merge(counter, 1, Integer::sum);
    }

    @Override
    public void dropped(Connection c, Segment segment, DropReason reason) {
        drops.add(reason);
    }

    @Override
    public void established(Connection c) {
        established++;
    }

    @Override
    public void deleted(Connection c) {
        deleted++;
    }

    int countOf(Counter c) {
        return counts.getOrDefault(c, 0);
    }

    List<String> sentText() {
        return sent.stream().map(Segment::toString).toList();
    }

    void clear() {
        sent.clear();
        rstReasons.clear();
        states.clear();
        decisions.clear();
        counts.clear();
        drops.clear();
        established = 0;
        deleted = 0;
        ackDelays.clear();
    }
}
