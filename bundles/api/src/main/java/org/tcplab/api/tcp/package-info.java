/** TCP vocabulary shared by every bundle: connection states by their RFC names, and Linux errno values. */
@Export
@Version("1.2.0")
package org.tcplab.api.tcp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
