/**
 * Plain-Java entry to the engine, for tests and embedding without an OSGi container: {@link
 * org.tcplab.tcp.TcpStacks} makes a {@link org.tcplab.api.tcp.TcpStack} from policies you hold. In a container,
 * use the {@code TcpStack} service instead.
 */
@Export
@Version("1.0.0")
package org.tcplab.tcp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
