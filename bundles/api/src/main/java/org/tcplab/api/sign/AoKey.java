package org.tcplab.api.sign;

import java.security.MessageDigest;

/**
 * A TCP-AO master key tuple (RFC 5925 §3.1), as {@code setsockopt(TCP_AO_ADD_KEY)} gives it.
 *
 * @param sendId          the KeyID we put in segments signed with this key (0..255)
 * @param recvId          the KeyID the peer puts in segments signed with it (0..255)
 * @param algorithm       the MAC and KDF
 * @param macLength       the MAC length in bytes, 1..16 and at most the algorithm's digest (Linux's limit, so the
 *                        option fits a SYN beside MSS, window scale, SACK-permitted and timestamps); 12 is the
 *                        RFC 5926 length
 * @param excludeOptions  whether the MAC skips TCP options other than AO (Linux TCP_AO_KEYF_EXCLUDE_OPT)
 * @param peerAddress     the peer prefix's address; bits beyond {@code prefixLength} are zero
 * @param prefixLength    0..32
 * @param localAddress    our address the key applies to, 0 for any
 * @param localPort       our port the key applies to, 0 for any
 * @param secret          the master key, 1..80 bytes; copied in and out, never printed
 */
public record AoKey(int sendId, int recvId, AoAlgorithm algorithm, int macLength, boolean excludeOptions,
                    int peerAddress, int prefixLength, int localAddress, int localPort, byte[] secret) {

    /** Checks every field; throws IllegalArgumentException with one clear message (EINVAL for the socket API). */
    public AoKey {
        if ((sendId & ~0xFF) != 0 || (recvId & ~0xFF) != 0) {
            throw new IllegalArgumentException("KeyIDs are 0..255, not " + sendId + "/" + recvId);
        }
        if (algorithm == null) {
            throw new IllegalArgumentException("a TCP-AO key needs an algorithm");
        }
        int maxMac = Math.min(16, algorithm.digestLength());
        if (macLength < 1 || macLength > maxMac) {
            throw new IllegalArgumentException("the MAC length of " + algorithm.linuxName() + " keys is 1.." + maxMac
                + " bytes, not " + macLength);
        }
        Keys.checkPrefix(peerAddress, prefixLength);
        Keys.checkScope(localPort);
        Keys.checkSecret(secret);
        secret = secret.clone();
    }

    /** A key for exactly one peer, any local address and port, options included, 12-byte MAC. */
    public static AoKey forPeer(int sendId, int recvId, AoAlgorithm algorithm, int peerAddress, byte[] secret) {
        return new AoKey(sendId, recvId, algorithm, 12, false, peerAddress, 32, 0, 0, secret);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** The AO option's length with this key: kind, length, KeyID, RNextKeyID and the MAC. */
    public int optionLength() {
        return 4 + macLength;
    }

    /** Whether this key applies to a connection (or a segment) of {@code flow}. */
    public boolean matches(Flow flow) {
        return Keys.inScope(peerAddress, prefixLength, localAddress, localPort, flow);
    }

    /**
     * Whether the two keys could both apply to one connection: their peer prefixes and local scopes overlap.
     * RFC 5925 §3.1: the IDs of MKTs must not overlap where their connection identifiers overlap.
     */
    public boolean overlaps(AoKey other) {
        int common = Keys.mask(Math.min(prefixLength, other.prefixLength));
        return (peerAddress & common) == (other.peerAddress & common)
            && (localAddress == 0 || other.localAddress == 0 || localAddress == other.localAddress)
            && (localPort == 0 || other.localPort == 0 || localPort == other.localPort);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AoKey k && sendId == k.sendId && recvId == k.recvId && algorithm == k.algorithm
            && macLength == k.macLength && excludeOptions == k.excludeOptions && peerAddress == k.peerAddress
            && prefixLength == k.prefixLength && localAddress == k.localAddress && localPort == k.localPort
            && MessageDigest.isEqual(secret, k.secret);
    }

    @Override
    public int hashCode() {
        return (((sendId * 256 + recvId) * 31 + peerAddress) * 31 + prefixLength) * 31 + localPort;
    }

    /** Never shows the secret, only its length. */
    @Override
    public String toString() {
        return "AoKey[send " + sendId + " recv " + recvId + " " + algorithm.linuxName() + " mac " + macLength
            + (excludeOptions ? " options excluded" : "") + ", "
            + Keys.describeScope(peerAddress, prefixLength, localAddress, localPort) + ", " + secret.length
            + "-byte secret]";
    }
}
