/**
 * The BSD-like socket API a tcplab host offers: TCP and UDP sockets whose calls return {@link
 * org.tcplab.api.socket.Result} values carrying Linux errno numbers instead of throwing. Implemented by the
 * tcp bundle; callers use it from any thread (the call runs on the host's event loop).
 */
@Export
@Version("1.4.0")
package org.tcplab.api.socket;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
