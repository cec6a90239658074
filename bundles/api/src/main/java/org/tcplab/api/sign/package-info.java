/**
 * Signed segments: TCP-MD5 (RFC 2385) and TCP-AO (RFC 5925, algorithms of RFC 5926).
 *
 * <p>A {@link org.tcplab.api.sign.SegmentSigner} is one signature option kind (19 or 29). The engine asks it for a
 * {@link org.tcplab.api.sign.SignedConnection} when a connection opens, and from then on signs every segment it
 * emits and verifies every segment it receives through that object. Segments that meet no connection (at a
 * listener, or on the no-socket path) go through {@link org.tcplab.api.sign.SegmentSigner#verifyWithoutSession} and
 * the two {@code planReset} methods. Keys are added through {@link org.tcplab.api.sign.Md5Signer} and
 * {@link org.tcplab.api.sign.AoSigner} (the socket API's TCP_MD5SIG and TCP_AO_ADD_KEY) or ConfigAdmin.
 *
 * <p>Every method works on the raw bytes of one TCP segment (header and payload, no IP header) at an absolute
 * offset of a caller's {@link java.nio.ByteBuffer}; none changes the buffer's position, limit or byte order.
 * Verification only reads. Signing writes the signature option's body and nothing else. Signatures do not
 * cover the TCP checksum: sign first, then compute the checksum.
 *
 * <p>Addresses are IPv4 addresses as unsigned 32-bit values in network order (10.0.0.1 = 0x0A000001), as in
 * the rest of tcplab; sequence numbers are unsigned 32-bit values in a long.
 */
@Export
@Version("1.1.0")
package org.tcplab.api.sign;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
