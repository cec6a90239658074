/**
 * What a host shows of itself: {@link org.tcplab.api.trace.TraceEvent}s (segments in, out and dropped with
 * their reason, state transitions, policy decisions, errno delivered to the application) delivered to
 * {@link org.tcplab.api.trace.TraceListener}s, which third parties implement (ladders, pcap writers, tests).
 */
@Export
@Version("1.1.0")
package org.tcplab.api.trace;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
