/**
 * The wire codec: IPv4, TCP, UDP and ICMP, lossless, checked and allocation-free on the hot path.
 *
 * <p>Every protocol comes as two things (the smoltcp model, see {@code STYLE.md}):
 * <ul>
 *   <li>a <em>view</em> ({@link org.tcplab.wire.Ipv4Packet}, {@link org.tcplab.wire.TcpPacket},
 *       {@link org.tcplab.wire.UdpPacket}, {@link org.tcplab.wire.IcmpPacket}): a reusable, mutable window on
 *       a caller's {@link java.nio.ByteBuffer} at an absolute offset. Untrusted bytes enter only through its
 *       {@code check(...)} method, which returns exactly one {@link org.tcplab.wire.ParseError} (or
 *       {@link org.tcplab.wire.ParseError#NONE}); after {@code NONE} no accessor can fail. Views never copy and
 *       never allocate, and never change a buffer's position, limit or byte order.</li>
 *   <li>a <em>representation</em> ({@link org.tcplab.wire.Ipv4Repr}, {@link org.tcplab.wire.TcpRepr},
 *       {@link org.tcplab.wire.UdpRepr}, {@link org.tcplab.wire.IcmpRepr}): a small immutable value parsed
 *       from a checked view and emitted into a buffer.</li>
 * </ul>
 * {@link org.tcplab.wire.Datagram} joins them for callers who want values ({@link org.tcplab.wire.ParseResult})
 * rather than views, and builds whole IPv4 datagrams for the engine.
 *
 * <p><b>Buffer ownership</b> (the Netty way, written down once for the whole package): a view borrows the
 * caller's buffer and is valid only while the caller keeps those bytes unchanged. A representation parsed from a
 * view shares its payload with that buffer (a read-only slice, zero copy): a caller that recycles the buffer
 * must first {@code copy()} the representation. Emitting never keeps a reference to the target buffer. Nothing
 * in this package throws for bad input; {@link java.lang.IllegalArgumentException} and
 * {@link java.lang.IndexOutOfBoundsException} are thrown only for programming errors (a value out of its
 * field's range, a target buffer too small to emit into).
 */
@Export
@Version("1.0.0")
package org.tcplab.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
