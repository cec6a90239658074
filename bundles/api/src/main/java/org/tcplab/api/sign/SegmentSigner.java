package org.tcplab.api.sign;

import java.nio.ByteBuffer;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One kind of TCP signature option, registered as an OSGi service: TCP-MD5 (kind 19) or TCP-AO (kind 29). The
 * engine calls it per segment; all methods are thread-safe and may be called from every host's event loop.
 *
 * <p>How the engine uses it:
 * <ul>
 * <li><b>Opening</b> (active open before the SYN; passive open when a SYN reaches a listener, before answering):
 *     {@link #open} for the flow. A connection that got a {@link SignedConnection} signs every segment it sends
 *     and verifies every one it receives through it, RSTs included, until it is gone (TIME-WAIT included).
 *     For a passive open, verify the SYN through the new {@code SignedConnection}; drop it (and the connection)
 *     if that is not OK. A connection that got none still calls {@link #verifyWithoutSession} with its flow per
 *     segment, so a stray signature (or an MD5 key added later) is judged as Linux does.</li>
 * <li><b>At a listener</b> (a segment that makes no connection): {@link #verifyWithoutSession}; a RST answering it
 *     (an ACK at a listener) is planned with {@link #planResetFromListener}.</li>
 * <li><b>No socket</b>: {@link #planResetWithoutSocket} decides whether the RST goes out signed, unsigned, or not
 *     at all.</li>
 * </ul>
 */
@ConsumerType
public interface SegmentSigner {

    /** The service property carrying {@link #optionKind()} (Integer). */
    String OPTION_KIND_PROPERTY = "tcplab.sign.kind";

    /** 19 for TCP-MD5, 29 for TCP-AO. */
    int optionKind();

    /**
     * The signing state for a new connection of {@code flow}, or empty when no key applies to it (the connection
     * is not signed by this kind).
     *
     * @param iss our initial sequence number (TCP-AO traffic keys use it)
     */
    Optional<SignedConnection> open(Flow flow, long iss);

    /**
     * Verifies a segment that has no {@link SignedConnection} of this kind: at a listener ({@code flow}'s local
     * port is the listener's), or on a connection that opened unsigned. Linux's {@code tcp_inbound_hash} with
     * the listener (or the unsigned socket): an unexpected option, a missing one, a bad signature.
     */
    Verdict verifyWithoutSession(Flow flow, ByteBuffer segment, int offset, int length);

    /**
     * Plans the RST that answers {@code incoming}, a segment at a listener that refuses it (an ACK, say) after it
     * passed {@link #verifyWithoutSession}. MD5: signed with the key for the peer, if any. AO (Linux
     * {@code tcp_ao_prepare_reset}, listener case): signed when the incoming segment carries AO, with the key whose
     * receive id is the segment's RNextKeyID, a traffic key from the segment's own four-tuple with its SEQ as source
     * ISN and 0 as destination ISN, SNE 0; no RST when there is no such key.
     *
     * @param flow the incoming segment's flow (local = its destination)
     */
    ResetPlan planResetFromListener(Flow flow, ByteBuffer incoming, int offset, int length);

    /**
     * Plans the RST that answers {@code incoming}, a segment for no socket at all (RFC 9293 §3.5.2 group 1).
     * MD5 (Linux {@code tcp_v4_send_reset}, "active side is lost"): a signed segment is answered only if a
     * listener exists on its destination address and its SOURCE port, that listener's keys hold one for the peer
     * and the segment's digest verifies with it; the RST is signed with that key. AO: a segment carrying AO is
     * never answered (no ISNs without a socket). Unsigned segments get an unsigned RST.
     *
     * @param flow         the incoming segment's flow (local = its destination)
     * @param listenerPort the port of the listener the engine found on {@code flow.localAddress()} and
     *                     {@code flow.remotePort()}, or -1 when there is none
     */
    ResetPlan planResetWithoutSocket(Flow flow, int listenerPort, ByteBuffer incoming, int offset, int length);
}
