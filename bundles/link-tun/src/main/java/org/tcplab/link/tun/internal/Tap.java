package org.tcplab.link.tun.internal;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.tcplab.api.link.Link;

/** An open capture file: its writer, a function wrapping a link in a tap that writes to it, and a status line. */
record Tap(AutoCloseable writer, UnaryOperator<Link> wrap, Supplier<String> status) {
}
