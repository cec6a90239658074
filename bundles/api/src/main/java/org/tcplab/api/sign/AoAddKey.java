package org.tcplab.api.sign;

/**
 * The value of {@code setOption(TCP_AO_ADD_KEY)}, Linux's {@code struct tcp_ao_add} for IPv4. Deliberately
 * unchecked: the socket checks it and answers with Linux's errno (EINVAL, EMSGSIZE, EEXIST, ENOENT,
 * EKEYREJECTED), so a bad value is an error result, never an exception.
 *
 * @param peerAddress    the peer prefix's address (network-order int); 0 with prefix length 0 for every peer
 * @param prefixLength   0..32
 * @param algorithm      {@code hmac(sha1)} or {@code cmac(aes128)} (Linux's {@code alg_name})
 * @param sendId         the KeyID we send (0..255)
 * @param recvId         the KeyID the peer sends (0..255)
 * @param macLength      MAC bytes; 0 for RFC 5925's 12, as Linux
 * @param excludeOptions TCP_AO_KEYF_EXCLUDE_OPT: the MAC skips TCP options other than AO
 * @param setCurrent     also make this key the current one (not on a listener)
 * @param setRnext       also make this key the RNext one (not on a listener)
 * @param secret         the master key, 1..80 bytes; copied in, never printed
 */
public record AoAddKey(int peerAddress, int prefixLength, String algorithm, int sendId, int recvId, int macLength,
                       boolean excludeOptions, boolean setCurrent, boolean setRnext, byte[] secret) {

    public AoAddKey {
        secret = secret == null ? new byte[0] : secret.clone();
    }

    /** A key for one peer (a /32), MAC length 12, options included. */
    public static AoAddKey forPeer(int sendId, int recvId, AoAlgorithm algorithm, int peerAddress, byte[] secret) {
        return new AoAddKey(peerAddress, 32, algorithm.linuxName(), sendId, recvId, 0, false, false, false, secret);
    }

    /** The same with another peer prefix. */
    public AoAddKey withPeer(int address, int length) {
        return new AoAddKey(address, length, algorithm, sendId, recvId, macLength, excludeOptions, setCurrent,
            setRnext, secret);
    }

    /** The same with another MAC length (0: 12). */
    public AoAddKey withMacLength(int bytes) {
        return new AoAddKey(peerAddress, prefixLength, algorithm, sendId, recvId, bytes, excludeOptions, setCurrent,
            setRnext, secret);
    }

    /** The same with TCP options other than AO excluded from the MAC. */
    public AoAddKey excludingOptions() {
        return new AoAddKey(peerAddress, prefixLength, algorithm, sendId, recvId, macLength, true, setCurrent,
            setRnext, secret);
    }

    /** The same, also made the current key and the RNext key. */
    public AoAddKey asCurrentAndRnext() {
        return new AoAddKey(peerAddress, prefixLength, algorithm, sendId, recvId, macLength, excludeOptions, true,
            true, secret);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** Never shows the secret, only its length. */
    @Override
    public String toString() {
        return "AoAddKey[send " + sendId + " recv " + recvId + " " + algorithm + " mac " + macLength
            + (excludeOptions ? " options excluded" : "") + (setCurrent ? " current" : "") + (setRnext ? " rnext" : "")
            + ", peer " + Keys.formatAddress(peerAddress) + "/" + prefixLength + ", " + secret.length + "-byte secret]";
    }
}
