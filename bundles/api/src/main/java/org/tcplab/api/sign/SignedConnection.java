package org.tcplab.api.sign;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The signing state of one connection, from its first SYN until it leaves TIME-WAIT. Made by
 * {@link SegmentSigner#open}; owned by the connection and used only from its host's event loop (not
 * thread-safe). Keys added to or removed from the signer later are seen on the next segment; a TCP-AO key in
 * use (current or RNext) stays usable until the connection ends (RFC 5925 §3.1: an MKT is not destroyed during
 * a connection).
 *
 * <p>Segments are the TCP header and payload at an absolute offset of a buffer; the pseudo-header comes from the
 * connection's {@link Flow}. Neither method changes the buffer's position, limit or order.
 */
@ConsumerType
public interface SignedConnection {

    /** The option kind: 19 for MD5, 29 for AO. */
    int optionKind();

    /**
     * The length of the option to reserve in the next segment: 18 for MD5, 4 + MAC length of the current key for
     * AO (it changes when the current key changes, so ask per segment). The engine adds NOP/EOL alignment.
     */
    int optionLength();

    /**
     * Signs an emitted segment in place. The segment must carry exactly one option of {@link #optionKind()} with
     * length {@link #optionLength()}; this method writes its body (MD5: the digest; AO: KeyID, RNextKeyID and the
     * MAC) and nothing else. Compute the checksum afterwards.
     *
     * @param sndUna SND.UNA now: the basis for TCP-AO's sequence number extension (RFC 5925 §6.2, as Linux)
     * @throws IllegalArgumentException when the segment has no such option (a bug in the caller)
     */
    void sign(ByteBuffer segment, int offset, int length, long sndUna);

    /**
     * Verifies a received segment of this connection. On {@link Verdict#OK} a TCP-AO connection also learns:
     * the peer's ISN from its SYN or SYN-ACK (before that, pass any {@code rcvNxt}), and the peer's RNextKeyID,
     * switching its current send key to that key if it has one (RFC 5925 §7.5.2).
     *
     * @param rcvNxt RCV.NXT now: the basis for the sequence number extension
     */
    Verdict verify(ByteBuffer segment, int offset, int length, long rcvNxt);

    /**
     * TCP-AO key rollover from our side (Linux TCP_AO_INFO set_current / set_rnext): sign with the key whose send
     * id is {@code currentSendId}, and ask the peer to use the one whose receive id is {@code rnextRecvId}; -1
     * leaves either as it is.
     *
     * @return false (nothing changed) when a named key does not exist for this connection, or for MD5
     */
    default boolean useKeys(int currentSendId, int rnextRecvId) {
        return false;
    }

    /**
     * TCP-AO: the connection's current key (send id), RNext key (receive id) and counters, as
     * {@code getsockopt(TCP_AO_INFO)} shows them (set flags and settings false); null for MD5.
     */
    default AoInfo aoInfo() {
        return null;
    }

    /**
     * RFC 5925 §7.8: whether an ICMP error of this type and code must be ignored by the connection (in a
     * synchronized state; the engine checks the state and counts {@code TCPAODroppedIcmps}). TCP-AO ignores
     * ICMPv4 destination unreachable codes 2-4 by default; MD5 ignores nothing.
     */
    default boolean ignoresIcmp(int type, int code) {
        return false;
    }
}
