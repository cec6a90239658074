/**
 * Strict reading of ConfigAdmin properties for tcplab components and third-party bundles alike: a value of
 * the wrong type, out of range or under an unknown key is an error with one clear message, never a silent
 * default, so a component can refuse a bad configuration and keep the one it had.
 */
@Export
@Version("1.0.0")
package org.tcplab.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
