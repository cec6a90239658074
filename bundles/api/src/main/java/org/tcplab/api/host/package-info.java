/**
 * Hosts: a host has IPv4 addresses, one {@link org.tcplab.api.link.Link}, a {@link org.tcplab.api.host.Clock}
 * and one event loop owning all its state. Also the names of what a host counts: Linux MIB counters, drop
 * reasons and RST reasons.
 */
@Export
@Version("1.3.0")
package org.tcplab.api.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
