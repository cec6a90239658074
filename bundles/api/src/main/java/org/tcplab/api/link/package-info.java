/**
 * Packet I/O backends. A {@link org.tcplab.api.link.Link} moves whole IPv4 datagrams between a host and a
 * network (simulated, a TUN device, a capture file). Third parties implement it to bring their own backend.
 */
@Export
@Version("1.1.0")
package org.tcplab.api.link;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
