package org.tcplab.api.sign;

/**
 * The value of {@code setOption(TCP_AO_DEL_KEY)}, Linux's {@code struct tcp_ao_del} for IPv4: the key is named by
 * its ids and peer prefix exactly as it was added. Unchecked; the socket answers ENOENT when there is no such
 * key, EBUSY when it is the connection's current or RNext key (unless this command moves them elsewhere).
 *
 * @param peerAddress  the key's peer prefix address
 * @param prefixLength the key's prefix length
 * @param sendId       the key's send id
 * @param recvId       the key's receive id
 * @param setCurrent   first make the key with send id {@code currentKey} the current one
 * @param currentKey   see {@code setCurrent}
 * @param setRnext     first make the key with receive id {@code rnext} the RNext one
 * @param rnext        see {@code setRnext}
 */
public record AoDelKey(int peerAddress, int prefixLength, int sendId, int recvId, boolean setCurrent, int currentKey,
                       boolean setRnext, int rnext) {

    /** Deletes the key with these ids for this one peer (a /32). */
    public static AoDelKey forPeer(int sendId, int recvId, int peerAddress) {
        return new AoDelKey(peerAddress, 32, sendId, recvId, false, 0, false, 0);
    }

    /** The same, switching the current key to {@code sendId} and the RNext key to {@code recvId} first. */
    public AoDelKey switchingTo(int currentSendId, int rnextRecvId) {
        return new AoDelKey(peerAddress, prefixLength, sendId, recvId, true, currentSendId, true, rnextRecvId);
    }
}
