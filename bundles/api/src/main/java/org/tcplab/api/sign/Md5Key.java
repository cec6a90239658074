package org.tcplab.api.sign;

import java.security.MessageDigest;

/**
 * A TCP-MD5 key (RFC 2385), as {@code setsockopt(TCP_MD5SIG_EXT)} gives it: a secret for every peer in a prefix,
 * optionally limited to one local address and one local port (the socket's, or a listener's).
 *
 * @param peerAddress   the peer prefix's address; bits beyond {@code prefixLength} are zero
 * @param prefixLength  0..32 (32: one peer; 0 with address 0: every peer)
 * @param localAddress  our address the key applies to, 0 for any
 * @param localPort     our port the key applies to, 0 for any (a listener's port: its accepted connections and
 *                      the no-socket RSTs that find it)
 * @param secret        1..80 bytes; copied in and out, never printed. Empty only in a deletion request
 *                      ({@link #deletion}): TCP_MD5SIG with keylen 0
 */
public record Md5Key(int peerAddress, int prefixLength, int localAddress, int localPort, byte[] secret) {

    /** Checks every field; throws IllegalArgumentException with one clear message (EINVAL for the socket API). */
    public Md5Key {
        Keys.checkPrefix(peerAddress, prefixLength);
        Keys.checkScope(localPort);
        if (secret.length != 0) {
            Keys.checkSecret(secret);
        }
        secret = secret.clone();
    }

    /**
     * For {@code setOption(TCP_MD5SIG)} only: delete this socket's key for the slot (Linux: {@code tcpm_keylen}
     * 0); ENOENT when there is none. A signer refuses it as a key.
     */
    public static Md5Key deletion(int peerAddress, int prefixLength, int localAddress, int localPort) {
        return new Md5Key(peerAddress, prefixLength, localAddress, localPort, new byte[0]);
    }

    /** Whether this is a {@link #deletion} request rather than a key. */
    public boolean isDeletion() {
        return secret.length == 0;
    }

    /** A key for exactly one peer, any local address and port. */
    public static Md5Key forPeer(int peerAddress, byte[] secret) {
        return new Md5Key(peerAddress, 32, 0, 0, secret);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** Whether this key applies to a connection (or a segment) of {@code flow}. */
    public boolean matches(Flow flow) {
        return Keys.inScope(peerAddress, prefixLength, localAddress, localPort, flow);
    }

    /** Whether {@code other} is for the same peer prefix and local scope (adding it replaces this one). */
    public boolean sameSlot(Md5Key other) {
        return peerAddress == other.peerAddress && prefixLength == other.prefixLength
            && localAddress == other.localAddress && localPort == other.localPort;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Md5Key k && sameSlot(k) && MessageDigest.isEqual(secret, k.secret);
    }

    @Override
    public int hashCode() {
        return ((peerAddress * 31 + prefixLength) * 31 + localAddress) * 31 + localPort;
    }

    /** Never shows the secret, only its length. */
    @Override
    public String toString() {
        return "Md5Key[" + Keys.describeScope(peerAddress, prefixLength, localAddress, localPort) + ", "
            + secret.length + "-byte secret]";
    }
}
