package org.tcplab.link.sim;

import java.util.function.Predicate;

import org.tcplab.wire.Datagram;
import org.tcplab.wire.TcpFlags;
import org.tcplab.wire.TcpRepr;
import org.tcplab.wire.UdpRepr;

/**
 * Predicates over a parsed datagram for {@link SimPath#drop} and {@link SimPath#reject}, e.g.
 * {@code Match.tcpFlags(TcpFlags.FIN)} for "the next FIN". Datagrams that do not parse never match.
 */
public final class Match {

    private Match() {
    }

    /** Every datagram. */
    public static Predicate<Datagram> any() {
        return d -> true;
    }

    /** TCP segments that satisfy {@code p}. */
    public static Predicate<Datagram> tcp(Predicate<TcpRepr> p) {
        return d -> d.payload() instanceof TcpRepr t && p.test(t);
    }

    /** TCP segments with every one of {@code flags} set (other flags may be set too). */
    public static Predicate<Datagram> tcpFlags(int flags) {
        return tcp(t -> t.has(flags));
    }

    /** TCP segments that carry data. */
    public static Predicate<Datagram> tcpData() {
        return tcp(t -> t.payloadLength() > 0);
    }

    /** TCP segments whose control bits are exactly {@code flags}, PSH ignored. */
    public static Predicate<Datagram> tcpFlagsExactly(int flags) {
        return tcp(t -> (t.flags() & ~TcpFlags.PSH) == flags);
    }

    /** UDP datagrams. */
    public static Predicate<Datagram> udp() {
        return d -> d.payload() instanceof UdpRepr;
    }
}
