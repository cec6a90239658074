/**
 * Scenarios: the RFC 793 connection figures and the seed stories as scripts on the simulated network, and
 * the ladder renderer that lays their trace out the way RFC 793 draws its figures.
 */
@Export
@Version("1.0.0")
package org.tcplab.scenarios;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
