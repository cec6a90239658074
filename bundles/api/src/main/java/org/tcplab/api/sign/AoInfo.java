package org.tcplab.api.sign;

/**
 * The value of {@code TCP_AO_INFO}, Linux's {@code struct tcp_ao_info_opt}.
 *
 * <p>Set: {@code aoRequired} and {@code acceptIcmps} are always written (as Linux does: read, change, write
 * back), {@code currentKey} (a send id) and {@code rnext} (a receive id) only with their {@code set} flag, and
 * only on a socket that is not listening (EINVAL there); ENOENT when the socket's connection has no such key.
 * The counters are ignored on set.
 *
 * <p>Get: the flags false, the current and RNext ids of the socket's connection (-1 when it has no TCP-AO
 * connection), the two settings, and the connection's counters (0 without one).
 *
 * @param setCurrent     set the current key
 * @param currentKey     the send id of the key segments are signed with
 * @param setRnext       set the RNext key
 * @param rnext          the receive id of the key we ask the peer to use (our RNextKeyID)
 * @param aoRequired     drop every segment without TCP-AO, from any peer (Linux ao_required; counted
 *                       TCPAORequired); off: only from peers that have a key
 * @param acceptIcmps    let ICMP hard errors reach a synchronized TCP-AO connection (off: ignored and counted
 *                       TCPAODroppedIcmps, RFC 5925 §7.8)
 * @param pktGood        segments that verified
 * @param pktBad         segments whose MAC did not
 * @param pktKeyNotFound segments whose KeyID matched no key
 * @param pktAoRequired  segments dropped for lacking TCP-AO
 * @param pktDroppedIcmp ICMP errors ignored
 */
public record AoInfo(boolean setCurrent, int currentKey, boolean setRnext, int rnext, boolean aoRequired,
                     boolean acceptIcmps, long pktGood, long pktBad, long pktKeyNotFound, long pktAoRequired,
                     long pktDroppedIcmp) {

    /** Both settings off, no key change. */
    public static final AoInfo DEFAULTS = new AoInfo(false, -1, false, -1, false, false, 0, 0, 0, 0, 0);

    /** The same with ao_required set or cleared. */
    public AoInfo requireAo(boolean on) {
        return new AoInfo(setCurrent, currentKey, setRnext, rnext, on, acceptIcmps, 0, 0, 0, 0, 0);
    }

    /** The same with accept_icmps set or cleared. */
    public AoInfo acceptIcmps(boolean on) {
        return new AoInfo(setCurrent, currentKey, setRnext, rnext, aoRequired, on, 0, 0, 0, 0, 0);
    }

    /** The same, also switching to the key with send id {@code sendId} for what we send. */
    public AoInfo current(int sendId) {
        return new AoInfo(true, sendId, setRnext, rnext, aoRequired, acceptIcmps, 0, 0, 0, 0, 0);
    }

    /** The same, also asking the peer (RNextKeyID) for the key with receive id {@code recvId}. */
    public AoInfo rnext(int recvId) {
        return new AoInfo(setCurrent, currentKey, true, recvId, aoRequired, acceptIcmps, 0, 0, 0, 0, 0);
    }
}
