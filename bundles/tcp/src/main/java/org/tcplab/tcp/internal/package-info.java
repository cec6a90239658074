/**
 * The TCP engine, plain Java except for {@link org.tcplab.tcp.internal.TcpStackComponent}.
 *
 * <ul>
 *   <li>{@link org.tcplab.tcp.internal.Connection}: one TCB and RFC 9293 §3.10 event processing as a pure
 *       function of (connection, event, now, policy), its actions going to {@link
 *       org.tcplab.tcp.internal.Effects}. SYN-SENT and "otherwise" (first..eighth check) live here; LISTEN in
 *       {@link org.tcplab.tcp.internal.Listener}; CLOSED (no TCB) in {@link org.tcplab.tcp.internal.NoSocket}.</li>
 *   <li>{@link org.tcplab.tcp.internal.TcpHost}: a host. IP in and out through the wire codec, the demux
 *       (4-tuple, then listener, then no socket), UDP, ICMP, the timer queue and the event loop; it reads the
 *       policy once per segment and carries out the machine's actions (segments, trace, counters).</li>
 *   <li>{@link org.tcplab.tcp.internal.TcpSocketImpl}, {@link org.tcplab.tcp.internal.UdpSocketImpl}: Linux's
 *       socket-layer rules for which errno each call returns.</li>
 *   <li>{@link org.tcplab.tcp.internal.TcpEngine}: a {@code TcpStack} for tests and embedding.</li>
 * </ul>
 *
 * Sequence numbers are compared only through {@link org.tcplab.tcp.internal.Seq}; time is always passed in.
 */
package org.tcplab.tcp.internal;
