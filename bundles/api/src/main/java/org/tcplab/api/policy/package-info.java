/**
 * RST policies: every decision where RFC 793 strict behaviour and Linux-style behaviour differ is one call to
 * an {@link org.tcplab.api.policy.RstPolicy}, returning an enum. Third parties implement it in their own
 * bundles; the stack takes the highest-ranked one unless a host or connection is pinned by name.
 */
@Export
@Version("1.1.0")
package org.tcplab.api.policy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
