package org.tcplab.sign.ao.internal;

import org.tcplab.api.sign.AuthOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.tcplab.api.sign.AoInfo;
import org.tcplab.api.sign.AoKey;
import org.tcplab.api.sign.Flow;
import org.tcplab.api.sign.SignedConnection;
import org.tcplab.api.sign.Verdict;

/**
 * One TCP-AO connection: its master key tuples with their cached traffic keys, the current send key and the
 * RNext key (RFC 5925 §7.5), and the send and receive sequence number extensions. Which traffic key signs a
 * segment follows Linux ({@code tcp_ao_transmit_skb}, {@code tcp_inbound_ao_hash}): a SYN without ACK uses the
 * SYN key (the other side's ISN taken as 0), everything else the "other" key made from both ISNs.
 */
final class AoConnection implements SignedConnection {

    /** A master key tuple as this connection uses it. */
    private final class Mkt {
        final AoKey key;
        final byte[] prfKey;
        final MacEngine scratch;
        MacEngine send;
        MacEngine receive;

        Mkt(AoKey key) {
            this.key = key;
            this.scratch = MacEngine.of(key.algorithm());
            this.prfKey = Kdf.prfKey(scratch, key.algorithm(), key.secret());
            if (irsKnown) {
                cacheTrafficKeys();
            }
        }

        /** RFC 5925 §5.2: Send_Other_Traffic_Key and Receive_Other_Traffic_Key, once both ISNs are known. */
        void cacheTrafficKeys() {
            send = MacEngine.of(key.algorithm());
            send.init(Kdf.trafficKey(scratch, prfKey,
                Kdf.context(local, remote, flow.localPort(), flow.remotePort(), iss, irs)));
            receive = MacEngine.of(key.algorithm());
            receive.init(Kdf.trafficKey(scratch, prfKey,
                Kdf.context(remote, local, flow.remotePort(), flow.localPort(), irs, iss)));
        }

        /** The scratch engine keyed with the traffic key of {@code context}. */
        MacEngine keyedFor(byte[] context) {
            byte[] traffic = Kdf.trafficKey(scratch, prfKey, context);
            scratch.init(traffic);
            return scratch;
        }
    }

    private final AoSegmentSigner signer;
    private final Flow flow;
    private final long iss;
    private final byte[] local;
    private final byte[] remote;
    private final AoMac mac = new AoMac();
    private final byte[] work = new byte[20];
    private final Sne sendSne;
    private Sne receiveSne;
    private long irs;
    private boolean irsKnown;
    private List<AoKey> seen;
    private final List<Mkt> mkts = new ArrayList<>();
    private Mkt current;
    private Mkt rnext;
    private long pktGood;
    private long pktBad;
    private long pktKeyNotFound;
    private long pktAoRequired;
    private long pktDroppedIcmp;

    AoConnection(AoSegmentSigner signer, Flow flow, long iss, List<AoKey> all, List<AoKey> mine) {
        this.signer = signer;
        this.flow = flow;
        this.iss = iss & 0xFFFFFFFFL;
        this.local = Kdf.ipv4(flow.localAddress());
        this.remote = Kdf.ipv4(flow.remoteAddress());
        this.sendSne = new Sne(this.iss);
        this.seen = all;
        for (AoKey k : mine) {
            mkts.add(new Mkt(k));
        }
        // Linux tcp_ao_connect_init: without an explicit choice, the first key matching the peer is both.
        current = mkts.get(0);
        rnext = mkts.get(0);
    }

    @Override
    public int optionKind() {
        return AuthOptions.KIND_AO;
    }

    @Override
    public int optionLength() {
        refresh();
        return current.key.optionLength();
    }

    @Override
    public void sign(ByteBuffer segment, int offset, int length, long sndUna) {
        refresh();
        Mkt k = current;
        int aoAt = AoSegmentSigner.slot(segment, offset, length, k.key.optionLength());
        segment.put(aoAt + 2, (byte) k.key.sendId());
        segment.put(aoAt + 3, (byte) rnext.key.recvId());
        int flags = segment.get(offset + 13);
        long seq = AoSegmentSigner.u32(segment, offset + 4);
        sendSne.advance(sndUna);
        int sne = sendSne.of(seq);
        MacEngine engine;
        if ((flags & AoSegmentSigner.SYN) != 0 && (flags & AoSegmentSigner.ACK) == 0) {
            engine = k.keyedFor(Kdf.context(local, remote, flow.localPort(), flow.remotePort(), iss, 0));
        } else if (!irsKnown) {
            // Linux signs with the other key, whose peer ISN is still 0 before the SYN-ACK
            engine = k.keyedFor(Kdf.context(local, remote, flow.localPort(), flow.remotePort(), iss, 0));
        } else {
            engine = k.send;
        }
        AoSegmentSigner.writeMac(mac, engine, sne, local, remote, segment, offset, length, aoAt, k.key);
    }

    @Override
    public Verdict verify(ByteBuffer segment, int offset, int length, long rcvNxt) {
        Verdict v = check(segment, offset, length, rcvNxt);
        switch (v) {
            case OK -> pktGood++;
            case AO_BAD -> pktBad++;
            case AO_KEY_NOT_FOUND -> pktKeyNotFound++;
            case AO_REQUIRED -> pktAoRequired++;
            default -> { }
        }
        return v;
    }

    private Verdict check(ByteBuffer segment, int offset, int length, long rcvNxt) {
        AuthOptions found = AuthOptions.locate(segment, offset, length);
        if (found.malformed()) {
            return Verdict.AUTH_HDR;
        }
        int aoAt = found.aoAt();
        if (aoAt < 0) {
            // an MD5 option goes to tcp_inbound_md5_hash, which finds no MD5 key
            return found.md5At() >= 0 ? Verdict.MD5_UNEXPECTED : Verdict.AO_REQUIRED;
        }
        refresh();
        int keyId = segment.get(aoAt + 2) & 0xFF;
        int rnextId = segment.get(aoAt + 3) & 0xFF;
        Mkt k = rnext.key.recvId() == keyId ? rnext : byRecvId(keyId);
        if (k == null) {
            return Verdict.AO_KEY_NOT_FOUND;
        }
        if ((segment.get(aoAt + 1) & 0xFF) != k.key.optionLength()) {
            return Verdict.AO_BAD;
        }
        int flags = segment.get(offset + 13);
        boolean syn = (flags & AoSegmentSigner.SYN) != 0;
        boolean ack = (flags & AoSegmentSigner.ACK) != 0;
        long seq = AoSegmentSigner.u32(segment, offset + 4);
        MacEngine engine;
        int sne;
        if (syn && !ack) {
            // the peer's SYN (or a late retransmission of it): its SYN key, our ISN taken as 0
            engine = k.keyedFor(Kdf.context(remote, local, flow.remotePort(), flow.localPort(), seq, 0));
            sne = 0;
        } else if (!irsKnown) {
            // SYN-SENT (Linux): a SYN-ACK or RST gives the peer's ISN by its SEQ; anything else has none yet
            long peerIsn = syn || (flags & AoSegmentSigner.RST) != 0 ? seq : 0;
            engine = k.keyedFor(Kdf.context(remote, local, flow.remotePort(), flow.localPort(), peerIsn, iss));
            sne = 0;
        } else {
            engine = k.receive;
            receiveSne.advance(rcvNxt);
            sne = receiveSne.of(seq);
        }
        if (!AoSegmentSigner.macMatches(mac, engine, sne, remote, local, segment, offset, length, aoAt, k.key, work)) {
            return Verdict.AO_BAD;
        }
        if (syn && !irsKnown) {
            learnPeerIsn(seq);
            if (!ack) {
                // passive open (Linux tcp_ao_copy_all_matching): send with the key the peer asks for, and ask
                // for the one it used
                Mkt asked = bySendId(rnextId);
                if (asked != null) {
                    current = asked;
                }
                rnext = k;
                return Verdict.OK;
            }
        }
        // RFC 5925 §7.5.2 and Linux: the peer's RNextKeyID names the key we should send with, if we have it
        if (rnextId != current.key.sendId()) {
            Mkt asked = bySendId(rnextId);
            if (asked != null) {
                current = asked;
            }
        }
        return Verdict.OK;
    }

    @Override
    public boolean useKeys(int currentSendId, int rnextRecvId) {
        refresh();
        Mkt c = currentSendId < 0 ? current : bySendId(currentSendId);
        Mkt r = rnextRecvId < 0 ? rnext : byRecvId(rnextRecvId);
        if (c == null || r == null) {
            return false;
        }
        current = c;
        rnext = r;
        return true;
    }

    /**
     * RFC 5925 §7.8 (Linux accept_icmps off): ICMPv4 destination unreachable, codes 2-4, are ignored. The engine asks
     * only when it will ignore the error on a yes, so a yes is counted here.
     */
    @Override
    public boolean ignoresIcmp(int type, int code) {
        boolean ignore = type == 3 && code >= 2 && code <= 4;
        if (ignore) {
            pktDroppedIcmp++;
        }
        return ignore;
    }

    /** Linux getsockopt(TCP_AO_INFO): the current and RNext ids and this connection's counters. */
    @Override
    public AoInfo aoInfo() {
        return new AoInfo(false, current.key.sendId(), false, rnext.key.recvId(), false, false, pktGood, pktBad,
            pktKeyNotFound, pktAoRequired, pktDroppedIcmp);
    }

    private void learnPeerIsn(long seq) {
        irs = seq;
        irsKnown = true;
        receiveSne = new Sne(seq);
        for (Mkt m : mkts) {
            m.cacheTrafficKeys();
        }
        if (!mkts.contains(current)) {
            current.cacheTrafficKeys();
        }
        if (!mkts.contains(rnext)) {
            rnext.cacheTrafficKeys();
        }
    }

    /** Picks up keys added or removed since the last segment; current and RNext stay usable even if removed. */
    private void refresh() {
        List<AoKey> all = signer.keys();
        if (all == seen) {
            return;
        }
        seen = all;
        List<AoKey> mine = AoSegmentSigner.matching(all, flow);
        List<Mkt> next = new ArrayList<>(mine.size());
        for (AoKey key : mine) {
            Mkt kept = null;
            for (Mkt m : mkts) {
                if (m.key.equals(key)) {
                    kept = m;
                    break;
                }
            }
            next.add(kept != null ? kept : new Mkt(key));
        }
        mkts.clear();
        mkts.addAll(next);
    }

    private Mkt byRecvId(int id) {
        for (Mkt m : mkts) {
            if (m.key.recvId() == id) {
                return m;
            }
        }
        return current.key.recvId() == id ? current : rnext.key.recvId() == id ? rnext : null;
    }

    private Mkt bySendId(int id) {
        for (Mkt m : mkts) {
            if (m.key.sendId() == id) {
                return m;
            }
        }
        return current.key.sendId() == id ? current : rnext.key.sendId() == id ? rnext : null;
    }

    /** For tests: the ids in use now. */
    int currentSendId() {
        return current.key.sendId();
    }

    int rnextRecvId() {
        return rnext.key.recvId();
    }
}
