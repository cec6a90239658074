/**
 * A Linux TUN device as a tcplab {@link org.tcplab.api.link.Link}: {@link org.tcplab.link.tun.TunLink} opens
 * {@code /dev/net/tun} (IFF_TUN, IFF_NO_PI) through JNA, configures the interface with iproute2, optionally in a
 * network namespace, and moves whole IPv4 datagrams between a host and the kernel. The interface exists as long
 * as the link is open. {@link org.tcplab.link.tun.TunSettings} says what to make; a system that cannot make it
 * answers with one {@link org.tcplab.link.tun.TunException} naming the cause.
 */
@Export
@Version("1.0.0")
package org.tcplab.link.tun;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
