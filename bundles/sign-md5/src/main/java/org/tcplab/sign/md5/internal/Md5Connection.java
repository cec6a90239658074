package org.tcplab.sign.md5.internal;

import org.tcplab.api.sign.AuthOptions;
import java.nio.ByteBuffer;

import org.tcplab.api.sign.Flow;
import org.tcplab.api.sign.Md5Key;
import org.tcplab.api.sign.SignedConnection;
import org.tcplab.api.sign.Verdict;

/**
 * One MD5-signed connection. As Linux ({@code tcp_md5_do_lookup} per segment), the key is looked up again for
 * every segment, so replacing a peer's key takes effect at once; if the key is removed the connection goes on with
 * the one it last used, since it reserves the option in every segment.
 */
final class Md5Connection implements SignedConnection {

    private final Md5SegmentSigner signer;
    private final Flow flow;
    private final Md5Digest digest = new Md5Digest();
    private final byte[] out = new byte[Md5Digest.LENGTH];
    private Md5Key lastKey;
    private byte[] lastSecret;

    Md5Connection(Md5SegmentSigner signer, Flow flow, Md5Key key) {
        this.signer = signer;
        this.flow = flow;
        this.lastKey = key;
        this.lastSecret = key.secret();
    }

    @Override
    public int optionKind() {
        return AuthOptions.KIND_MD5;
    }

    @Override
    public int optionLength() {
        return Md5SegmentSigner.OPTION_LENGTH;
    }

    @Override
    public void sign(ByteBuffer segment, int offset, int length, long sndUna) {
        Md5SegmentSigner.sign(digest, secret(), flow, segment, offset, length);
    }

    /** Linux tcp_inbound_hash for a socket with a key for the peer. */
    @Override
    public Verdict verify(ByteBuffer segment, int offset, int length, long rcvNxt) {
        AuthOptions found = AuthOptions.locate(segment, offset, length);
        if (found.malformed()) {
            return Verdict.AUTH_HDR;
        }
        if (found.aoAt() >= 0) {
            return Verdict.AO_UNEXPECTED; // tcp_inbound_ao_hash on a socket without TCP-AO
        }
        if (found.md5At() < 0) {
            return Verdict.MD5_NOT_FOUND;
        }
        return digest.matches(secret(), flow.remoteAddress(), flow.localAddress(), segment, offset, length,
            found.md5At() + 2, out) ? Verdict.OK : Verdict.MD5_FAILURE;
    }

    private byte[] secret() {
        Md5Key now = signer.keyFor(flow);
        if (now != null && now != lastKey) {
            lastKey = now;
            lastSecret = now.secret();
        }
        return lastSecret;
    }
}
