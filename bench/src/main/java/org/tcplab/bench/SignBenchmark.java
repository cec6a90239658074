package org.tcplab.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tcplab.api.sign.AoAlgorithm;
import org.tcplab.api.sign.AoKey;
import org.tcplab.api.sign.Flow;
import org.tcplab.api.sign.Md5Key;
import org.tcplab.api.sign.SignedConnection;
import org.tcplab.api.sign.Verdict;
import org.tcplab.sign.ao.internal.AoSegmentSigner;
import org.tcplab.sign.md5.internal.Md5SegmentSigner;

/**
 * Sign + verify of one 1500-byte TCP segment (header with the signature option, the rest payload) per algorithm:
 * TCP-MD5, TCP-AO HMAC-SHA-1-96 and AES-128-CMAC-96, through the SignedConnection contract of two established
 * connections (traffic keys cached, as in a running connection).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignBenchmark {

    static final int A = 0xC0000201;
    static final int B = 0xC0000202;
    static final long ISN_A = 1000;
    static final long ISN_B = 5000;

    @Param({"MD5", "HMAC_SHA_1_96", "AES_128_CMAC_96"})
    public String algorithm;

    private SignedConnection sender;
    private SignedConnection receiver;
    private ByteBuffer segment;
    private int length;

    @Setup
    public void setup() {
        byte[] secret = "a benchmark key".getBytes(StandardCharsets.US_ASCII);
        Flow ab = new Flow(A, 40000, B, 179);
        Flow ba = new Flow(B, 179, A, 40000);
        int kind;
        int optionLength;
        if (algorithm.equals("MD5")) {
            Md5SegmentSigner hostA = new Md5SegmentSigner();
            Md5SegmentSigner hostB = new Md5SegmentSigner();
            hostA.addKey(Md5Key.forPeer(B, secret));
            hostB.addKey(Md5Key.forPeer(A, secret));
            sender = hostA.open(ab, ISN_A).orElseThrow();
            receiver = hostB.open(ba, ISN_B).orElseThrow();
            kind = 19;
            optionLength = 18;
        } else {
            AoAlgorithm alg = AoAlgorithm.valueOf(algorithm);
            AoSegmentSigner hostA = new AoSegmentSigner();
            AoSegmentSigner hostB = new AoSegmentSigner();
            hostA.addKey(AoKey.forPeer(1, 2, alg, B, secret));
            hostB.addKey(AoKey.forPeer(2, 1, alg, A, secret));
            sender = hostA.open(ab, ISN_A).orElseThrow();
            receiver = hostB.open(ba, ISN_B).orElseThrow();
            handshake(alg);
            kind = 29;
            optionLength = 16;
        }
        length = 1500;
        segment = ByteBuffer.wrap(segment(ISN_A + 1, ISN_B + 1, 0x18, kind, optionLength, length));
        sender.sign(segment, 0, length, ISN_A + 1);
        if (receiver.verify(segment, 0, length, ISN_A + 1) != Verdict.OK) {
            throw new IllegalStateException("the benchmark segment does not verify");
        }
    }

    private void handshake(AoAlgorithm alg) {
        byte[] syn = segment(ISN_A, 0, 0x02, 29, 16, 40);
        sender.sign(ByteBuffer.wrap(syn), 0, syn.length, ISN_A);
        check(receiver.verify(ByteBuffer.wrap(syn), 0, syn.length, 0));
        byte[] synAck = segment(ISN_B, ISN_A + 1, 0x12, 29, 16, 40);
        // the reply travels B -> A: swap the ports
        synAck[0] = (byte) (179 >>> 8);
        synAck[1] = (byte) 179;
        synAck[2] = (byte) (40000 >>> 8);
        synAck[3] = (byte) 40000;
        receiver.sign(ByteBuffer.wrap(synAck), 0, synAck.length, ISN_B);
        check(sender.verify(ByteBuffer.wrap(synAck), 0, synAck.length, 0));
    }

    private static void check(Verdict v) {
        if (v != Verdict.OK) {
            throw new IllegalStateException("handshake segment refused: " + v);
        }
    }

    /** A segment from A's port 40000 to B's 179 with NOP NOP and the signature option, then payload. */
    static byte[] segment(long seq, long ack, int flags, int kind, int optionLength, int total) {
        int hlen = (20 + 2 + optionLength + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putShort((short) 40000).putShort((short) 179).putInt((int) seq).putInt((int) ack);
        b.put((byte) (hlen / 4 << 4)).put((byte) flags).putShort((short) 502).putShort((short) 0).putShort((short) 0);
        b.put((byte) 1).put((byte) 1).put((byte) kind).put((byte) optionLength);
        b.position(hlen);
        while (b.hasRemaining()) {
            b.put((byte) b.position());
        }
        return b.array();
    }

    /** Sign one 1500-byte segment as its sender, verify it as its receiver. */
    @Benchmark
    public Verdict signAndVerify() {
        sender.sign(segment, 0, length, ISN_A + 1);
        return receiver.verify(segment, 0, length, ISN_A + 1);
    }
}
