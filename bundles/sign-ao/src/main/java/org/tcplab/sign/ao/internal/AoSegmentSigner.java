package org.tcplab.sign.ao.internal;

import org.tcplab.api.sign.AuthOptions;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.tcplab.api.sign.AoKey;
import org.tcplab.api.sign.AoSigner;
import org.tcplab.api.sign.Flow;
import org.tcplab.api.sign.KeyChange;
import org.tcplab.api.sign.ResetPlan;
import org.tcplab.api.sign.SegmentSigner;
import org.tcplab.api.sign.SignedConnection;
import org.tcplab.api.sign.Verdict;

/**
 * TCP-AO (RFC 5925) with the algorithms of RFC 5926, following Linux's {@code tcp_ao.c} where the RFC leaves a
 * choice. The master key table is an immutable list swapped on change; connections notice a new list by
 * identity on their next segment.
 */
@Component(service = {AoSigner.class, SegmentSigner.class},
        property = SegmentSigner.OPTION_KIND_PROPERTY + ":Integer=29")
public final class AoSegmentSigner implements AoSigner {

    private volatile List<AoKey> keys = List.of();

    @Override
    public int optionKind() {
        return AuthOptions.KIND_AO;
    }

    /** RFC 5925 §3.1 and Linux tcp_ao_add_cmd: ids must not repeat among keys for overlapping peers (EEXIST). */
    @Override
    public synchronized KeyChange addKey(AoKey key) {
        for (AoKey k : keys) {
            if (k.overlaps(key) && (k.sendId() == key.sendId() || k.recvId() == key.recvId())) {
                return KeyChange.ID_CONFLICT;
            }
        }
        List<AoKey> next = new ArrayList<>(keys);
        next.add(key);
        keys = List.copyOf(next);
        return KeyChange.ADDED;
    }

    @Override
    public synchronized boolean removeKey(AoKey key) {
        List<AoKey> next = new ArrayList<>(keys);
        boolean removed = next.remove(key);
        keys = List.copyOf(next);
        return removed;
    }

    @Override
    public List<AoKey> keys() {
        return keys;
    }

    @Override
    public List<AoKey> keysFor(Flow flow) {
        return matching(keys, flow);
    }

    static List<AoKey> matching(List<AoKey> all, Flow flow) {
        List<AoKey> out = new ArrayList<>(2);
        for (AoKey k : all) {
            if (k.matches(flow)) {
                out.add(k);
            }
        }
        return out;
    }

    @Override
    public Optional<SignedConnection> open(Flow flow, long iss) {
        List<AoKey> all = keys;
        List<AoKey> mine = matching(all, flow);
        return mine.isEmpty() ? Optional.empty() : Optional.of(new AoConnection(this, flow, iss, all, mine));
    }

    /**
     * Linux tcp_inbound_hash / tcp_inbound_ao_hash for a listener (or a socket without TCP-AO): a SYN is checked
     * with the key the peer sent it with and its SEQ as the peer's ISN; a lone ACK as the third segment of a
     * handshake whose state is gone (ISNs SEQ-1 and ACK-1, Linux's syncookie case).
     */
    @Override
    public Verdict verifyWithoutSession(Flow flow, ByteBuffer segment, int offset, int length) {
        AuthOptions found = AuthOptions.locate(segment, offset, length);
        if (found.malformed()) {
            return Verdict.AUTH_HDR;
        }
        List<AoKey> mine = keysFor(flow);
        int aoAt = found.aoAt();
        if (aoAt < 0) {
            // tcp_ao_required: a key for the peer makes unsigned segments unacceptable; MD5 is MD5's to judge
            return found.md5At() < 0 && !mine.isEmpty() ? Verdict.AO_REQUIRED : Verdict.OK;
        }
        if (mine.isEmpty()) {
            return Verdict.AO_UNEXPECTED;
        }
        AoKey key = byRecvId(mine, segment.get(aoAt + 2) & 0xFF);
        if (key == null) {
            return Verdict.AO_KEY_NOT_FOUND;
        }
        if ((segment.get(aoAt + 1) & 0xFF) != key.optionLength()) {
            return Verdict.AO_BAD;
        }
        int flags = segment.get(offset + 13);
        long seq = u32(segment, offset + 4);
        long srcIsn;
        long dstIsn;
        int sne;
        if ((flags & SYN) != 0) {
            srcIsn = seq;
            dstIsn = 0;
            sne = 0;
        } else if ((flags & ACK) != 0) {
            srcIsn = (seq - 1) & 0xFFFFFFFFL;
            dstIsn = (u32(segment, offset + 8) - 1) & 0xFFFFFFFFL;
            sne = Sne.compute(0, srcIsn, seq);
        } else {
            return Verdict.FLAGS;
        }
        MacEngine engine = MacEngine.of(key.algorithm());
        byte[] remote = Kdf.ipv4(flow.remoteAddress());
        byte[] local = Kdf.ipv4(flow.localAddress());
        byte[] traffic = Kdf.trafficKey(engine, Kdf.prfKey(engine, key.algorithm(), key.secret()),
            Kdf.context(remote, local, flow.remotePort(), flow.localPort(), srcIsn, dstIsn));
        engine.init(traffic);
        return macMatches(new AoMac(), engine, sne, remote, local, segment, offset, length, aoAt, key,
            new byte[engine.digestLength()]) ? Verdict.OK : Verdict.AO_BAD;
    }

    /**
     * Linux tcp_ao_prepare_reset, listener case: the key is the one the segment asks for (its RNextKeyID), the
     * traffic key comes from the segment's own four-tuple with its SEQ as source ISN and 0 as destination ISN, and
     * the SNE is 0. (Linux looks that key up by receive id, which agrees with the RFC only for keys whose send
     * and receive ids are equal; here the send id is matched, as RNextKeyID names the id the peer receives.)
     */
    @Override
    public ResetPlan planResetFromListener(Flow flow, ByteBuffer incoming, int offset, int length) {
        AuthOptions found = AuthOptions.locate(incoming, offset, length);
        if (found.malformed()) {
            return new ResetPlan.Suppressed(ResetPlan.Why.AUTH_HDR);
        }
        if (found.aoAt() < 0) {
            return ResetPlan.UNSIGNED;
        }
        AoKey key = bySendId(keysFor(flow), incoming.get(found.aoAt() + 3) & 0xFF);
        if (key == null) {
            return new ResetPlan.Suppressed(ResetPlan.Why.NO_KEY);
        }
        long seq = u32(incoming, offset + 4);
        byte[] remote = Kdf.ipv4(flow.remoteAddress());
        byte[] local = Kdf.ipv4(flow.localAddress());
        MacEngine engine = MacEngine.of(key.algorithm());
        byte[] traffic = Kdf.trafficKey(engine, Kdf.prfKey(engine, key.algorithm(), key.secret()),
            Kdf.context(remote, local, flow.remotePort(), flow.localPort(), seq, 0));
        return new ResetPlan.Signed(AuthOptions.KIND_AO, key.optionLength(), (rst, o, l) -> {
            int aoAt = slot(rst, o, l, key.optionLength());
            rst.put(aoAt + 2, (byte) key.sendId());
            rst.put(aoAt + 3, (byte) key.recvId());
            engine.init(traffic);
            writeMac(new AoMac(), engine, 0, local, remote, rst, o, l, aoAt, key);
        });
    }

    /**
     * Linux tcp_ao_prepare_reset with no socket: "initial sisn/disn are unknown. Drop the segment" (RFC 5925 §7.7
     * advises graceful restart instead); a segment without AO gets the ordinary unsigned RST.
     */
    @Override
    public ResetPlan planResetWithoutSocket(Flow flow, int listenerPort, ByteBuffer incoming, int offset, int length) {
        AuthOptions found = AuthOptions.locate(incoming, offset, length);
        if (found.malformed()) {
            return new ResetPlan.Suppressed(ResetPlan.Why.AUTH_HDR);
        }
        return found.aoAt() < 0 ? ResetPlan.UNSIGNED : new ResetPlan.Suppressed(ResetPlan.Why.NO_CONNECTION);
    }

    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;

    static AoKey byRecvId(List<AoKey> keys, int id) {
        for (AoKey k : keys) {
            if (k.recvId() == id) {
                return k;
            }
        }
        return null;
    }

    static AoKey bySendId(List<AoKey> keys, int id) {
        for (AoKey k : keys) {
            if (k.sendId() == id) {
                return k;
            }
        }
        return null;
    }

    static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xFFFFFFFFL;
    }

    /** The AO option of a segment we emit; IllegalArgumentException when it is missing or the wrong length. */
    static int slot(ByteBuffer segment, int offset, int length, int optionLength) {
        AuthOptions found = AuthOptions.locate(segment, offset, length);
        if (found.malformed() || found.aoAt() < 0) {
            throw new IllegalArgumentException("the segment to sign has no single AO option");
        }
        int have = segment.get(found.aoAt() + 1) & 0xFF;
        if (have != optionLength) {
            throw new IllegalArgumentException("the AO option has length " + have + ", the key needs " + optionLength);
        }
        return found.aoAt();
    }

    /** Computes the MAC of a segment we send (keyed engine) and writes it into the option. */
    static void writeMac(AoMac mac, MacEngine engine, int sne, byte[] src, byte[] dst, ByteBuffer segment,
                         int offset, int length, int aoAt, AoKey key) {
        byte[] out = new byte[engine.digestLength()];
        mac.compute(engine, sne, src, dst, segment, offset, length, aoAt, key.excludeOptions(), out);
        segment.put(aoAt + 4, out, 0, key.macLength());
    }

    /** Whether the received segment's MAC is right (constant-time compare of the MAC length). */
    static boolean macMatches(AoMac mac, MacEngine engine, int sne, byte[] src, byte[] dst, ByteBuffer segment,
                              int offset, int length, int aoAt, AoKey key, byte[] work) {
        mac.compute(engine, sne, src, dst, segment, offset, length, aoAt, key.excludeOptions(), work);
        byte[] got = new byte[key.macLength()];
        segment.get(aoAt + 4, got);
        byte[] want = new byte[key.macLength()];
        System.arraycopy(work, 0, want, 0, want.length);
        return MessageDigest.isEqual(got, want);
    }
}
