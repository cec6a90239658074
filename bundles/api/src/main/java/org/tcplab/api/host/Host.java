package org.tcplab.api.host;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.tcplab.api.link.Link;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.socket.UdpSocket;
import org.tcplab.api.trace.TraceListener;

/**
 * One tcplab host: IPv4 addresses, a {@link Link}, a {@link Clock} and one event loop that owns all of the
 * host's state (connections, listeners, timers, counters). Nothing is shared between hosts.
 *
 * <p>On a real clock the host runs its own event-loop thread: datagrams from the link and socket calls from
 * other threads are posted to it. On a {@linkplain Clock#isVirtual() virtual clock} it runs no thread: the
 * driver that moves the clock calls {@link #poll()} whenever the clock reaches {@link #pollAt()} or a datagram
 * was delivered, all from one thread. Socket calls are then made from that same thread.
 *
 * <p>No exception escapes the loop: a bug met while handling one packet or one connection is counted
 * ({@link DropReason#INTERNAL_ERROR}), traced, and the host goes on.
 */
@ProviderType
public interface Host extends AutoCloseable {

    String name();

    /** The host's IPv4 addresses (network order ints, see {@link org.tcplab.api.socket.Endpoint}). */
    List<Integer> addresses();

    Link link();

    Clock clock();

    /** socket(AF_INET, SOCK_STREAM, 0). */
    TcpSocket tcpSocket();

    /** socket(AF_INET, SOCK_DGRAM, 0). */
    UdpSocket udpSocket();

    /**
     * Virtual time: handles every datagram received so far and every timer due at {@code clock().nanos()}.
     * On a real clock the host's own thread does this and calling it is harmless.
     */
    void poll();

    /** When {@link #poll()} next has timer work to do, in clock nanos; {@link Long#MAX_VALUE} for never. */
    long pollAt();

    /** The host's TCP sockets now (listeners first, then connections, TIME-WAIT included), like {@code ss -tan}. */
    List<SocketInfo> sockets();

    /** The value of one counter. */
    long counter(Counter counter);

    /** All counters, keyed by their Linux name ({@link Counter#mibName()}), zero ones included. */
    Map<String, Long> counters();

    /** Dropped packets by reason. */
    Map<DropReason, Long> drops();

    /** RSTs sent, by reason. */
    Map<RstReason, Long> rstsSent();

    /** The name of the policy this host uses now: its pin, or the stack's default; null when none is installed. */
    String policyName();

    /**
     * Pins this host to the policy called {@code name} (null: follow the stack's default again), from the next
     * segment on. A name no installed policy carries is accepted; the default is used until one appears.
     * Connections pinned with {@code TCPLAB_POLICY} keep their own.
     */
    void pinPolicy(String name);

    /** The name this host is pinned to, or null when it follows the stack's default. */
    String pinnedPolicy();

    void addTraceListener(TraceListener listener);

    void removeTraceListener(TraceListener listener);

    /**
     * Forgets every connection, listener and socket at once without sending anything, as a host that crashed
     * and rebooted (RFC 793 figure 10). Addresses, link and counters stay.
     */
    void crash();

    /** Detaches from the link and stops the event loop. Sockets give EBADF afterwards. */
    @Override
    void close();
}
