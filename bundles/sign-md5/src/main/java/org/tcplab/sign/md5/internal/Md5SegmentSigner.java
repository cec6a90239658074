package org.tcplab.sign.md5.internal;

import org.tcplab.api.sign.AuthOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.tcplab.api.sign.Flow;
import org.tcplab.api.sign.KeyChange;
import org.tcplab.api.sign.Md5Key;
import org.tcplab.api.sign.Md5Signer;
import org.tcplab.api.sign.ResetPlan;
import org.tcplab.api.sign.SegmentSigner;
import org.tcplab.api.sign.SignedConnection;
import org.tcplab.api.sign.Verdict;

/**
 * TCP-MD5 (RFC 2385) with Linux's receive rules ({@code tcp_inbound_hash}, {@code tcp_inbound_md5_hash}) and
 * its RST rules ({@code tcp_v4_send_reset}). The key table is an immutable list swapped on change, so lookups
 * from any event loop need no lock.
 */
@Component(service = {Md5Signer.class, SegmentSigner.class},
        property = SegmentSigner.OPTION_KIND_PROPERTY + ":Integer=19")
public final class Md5SegmentSigner implements Md5Signer {

    static final int OPTION_LENGTH = 18;

    /** Linux tcp_md5_do_lookup: the longest prefix wins; then the narrower local scope. */
    private static final Comparator<Md5Key> MATCH_ORDER = Comparator
        .comparingInt((Md5Key k) -> -k.prefixLength())
        .thenComparingInt(k -> k.localPort() == 0 ? 1 : 0)
        .thenComparingInt(k -> k.localAddress() == 0 ? 1 : 0);

    private volatile List<Md5Key> keys = List.of();

    @Override
    public int optionKind() {
        return AuthOptions.KIND_MD5;
    }

    @Override
    public synchronized KeyChange addKey(Md5Key key) {
        if (key.isDeletion()) {
            throw new IllegalArgumentException("a deletion request (empty secret) is no key");
        }
        List<Md5Key> next = new ArrayList<>(keys);
        boolean replaced = next.removeIf(k -> k.sameSlot(key));
        next.add(key);
        next.sort(MATCH_ORDER);
        keys = List.copyOf(next);
        return replaced ? KeyChange.REPLACED : KeyChange.ADDED;
    }

    @Override
    public synchronized boolean removeKey(Md5Key key) {
        List<Md5Key> next = new ArrayList<>(keys);
        boolean removed = next.removeIf(k -> k.sameSlot(key));
        keys = List.copyOf(next);
        return removed;
    }

    @Override
    public List<Md5Key> keys() {
        return keys;
    }

    @Override
    public Md5Key keyFor(Flow flow) {
        for (Md5Key k : keys) {
            if (k.matches(flow)) {
                return k;
            }
        }
        return null;
    }

    @Override
    public Optional<SignedConnection> open(Flow flow, long iss) {
        Md5Key key = keyFor(flow);
        return key == null ? Optional.empty() : Optional.of(new Md5Connection(this, flow, key));
    }

    /** Linux tcp_inbound_hash for a socket without a connection-bound key: the key is looked up per segment. */
    @Override
    public Verdict verifyWithoutSession(Flow flow, ByteBuffer segment, int offset, int length) {
        AuthOptions found = AuthOptions.locate(segment, offset, length);
        if (found.malformed()) {
            return Verdict.AUTH_HDR;
        }
        if (found.aoAt() >= 0) {
            return Verdict.OK; // TCP-AO's to judge (tcp_inbound_hash hands it to tcp_inbound_ao_hash)
        }
        Md5Key key = keyFor(flow);
        if (found.md5At() < 0) {
            return key == null ? Verdict.OK : Verdict.MD5_NOT_FOUND;
        }
        if (key == null) {
            return Verdict.MD5_UNEXPECTED;
        }
        return check(new Md5Digest(), key, flow, segment, offset, length, found.md5At());
    }

    /** Linux tcp_v4_send_reset with the listener as socket: sign with the peer's key if there is one. */
    @Override
    public ResetPlan planResetFromListener(Flow flow, ByteBuffer incoming, int offset, int length) {
        AuthOptions found = AuthOptions.locate(incoming, offset, length);
        if (found.malformed()) {
            return new ResetPlan.Suppressed(ResetPlan.Why.AUTH_HDR);
        }
        if (found.aoAt() >= 0) {
            return ResetPlan.UNSIGNED; // TCP-AO's to sign or suppress
        }
        Md5Key key = keyFor(flow);
        return key == null ? ResetPlan.UNSIGNED : signedReset(key, flow);
    }

    /**
     * Linux tcp_v4_send_reset with no socket: "active side is lost. Try to find listening socket through source
     * port, and then find md5 key through listening socket"; no RST unless the incoming digest verifies with it.
     */
    @Override
    public ResetPlan planResetWithoutSocket(Flow flow, int listenerPort, ByteBuffer incoming, int offset, int length) {
        AuthOptions found = AuthOptions.locate(incoming, offset, length);
        if (found.malformed()) {
            return new ResetPlan.Suppressed(ResetPlan.Why.AUTH_HDR);
        }
        if (found.md5At() < 0) {
            return ResetPlan.UNSIGNED;
        }
        if (listenerPort < 0) {
            return new ResetPlan.Suppressed(ResetPlan.Why.NO_LISTENER);
        }
        Flow viaListener = new Flow(flow.localAddress(), listenerPort, flow.remoteAddress(), flow.remotePort());
        Md5Key key = keyFor(viaListener);
        if (key == null) {
            return new ResetPlan.Suppressed(ResetPlan.Why.NO_KEY);
        }
        if (check(new Md5Digest(), key, flow, incoming, offset, length, found.md5At()) != Verdict.OK) {
            return new ResetPlan.Suppressed(ResetPlan.Why.BAD_SIGNATURE);
        }
        return signedReset(key, flow);
    }

    private static ResetPlan signedReset(Md5Key key, Flow flow) {
        byte[] secret = key.secret();
        return new ResetPlan.Signed(AuthOptions.KIND_MD5, OPTION_LENGTH,
            (rst, offset, length) -> sign(new Md5Digest(), secret, flow, rst, offset, length));
    }

    /** Verifies a received segment's digest: its source is the flow's remote end. */
    static Verdict check(Md5Digest digest, Md5Key key, Flow flow, ByteBuffer segment, int offset, int length,
                         int md5At) {
        byte[] work = new byte[Md5Digest.LENGTH];
        return digest.matches(key.secret(), flow.remoteAddress(), flow.localAddress(), segment, offset, length,
            md5At + 2, work) ? Verdict.OK : Verdict.MD5_FAILURE;
    }

    /** Fills the MD5 option of a segment we send: its source is the flow's local end. */
    static void sign(Md5Digest digest, byte[] secret, Flow flow, ByteBuffer segment, int offset, int length) {
        AuthOptions found = AuthOptions.locate(segment, offset, length);
        if (found.malformed() || found.md5At() < 0) {
            throw new IllegalArgumentException("the segment to sign has no single 18-byte MD5 option");
        }
        byte[] out = new byte[Md5Digest.LENGTH];
        digest.compute(secret, flow.localAddress(), flow.remoteAddress(), segment, offset, length, out);
        segment.put(found.md5At() + 2, out);
    }
}
