package org.tcplab.link.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tcplab.link.tun.Streams.field;
import static org.tcplab.link.tun.Streams.sha;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tcplab.api.host.Counter;
import org.tcplab.api.sign.Flow;
import org.tcplab.api.sign.Md5Key;
import org.tcplab.api.sign.Verdict;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.sign.md5.internal.Md5SegmentSigner;

/**
 * TCP-MD5 (RFC 2385) between tcplab and the kernel's TCP_MD5SIG over TUN: both directions, data, a normal close,
 * abortive closes whose signed RST the other side accepts, and a wrong key on which both sides stay silent. Every
 * datagram either side sent is checked against the key by a signer of its own.
 */
@ExtendWith(RootOnly.class)
class Md5WithKernelIT {

    private static final Duration T = Duration.ofSeconds(20);
    private static final String KEY = "tcplab-md5-interop";
    private static final int KERNEL_BYTES = 200_000;
    private static final int TCPLAB_BYTES = 150_000;

    private static KernelPeer signedPeer(Netns ns) throws Exception {
        return KernelPeer.open(ns, b -> b.signer(new Md5SegmentSigner()));
    }

    private static Md5Key keyFor(String peer, String secret) {
        return Md5Key.forPeer(Endpoint.parseAddress(peer), secret.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aSignedKernelClientExchangesDataWithASignedTcplabListenerAndClosesFirst() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = signedPeer(ns)) {
            TcpSocket listener = peer.host.tcpSocket();
            assertEquals(Result.ok(), listener.bind(Endpoint.of(KernelPeer.TCPLAB, 179)));
            assertEquals(Result.ok(), listener.setOption(SocketOption.TCP_MD5SIG, keyFor(KernelPeer.KERNEL, KEY)));
            assertEquals(Result.ok(), listener.listen(4));
            Process client = ns.start(ns.kpeerCommand("client", KernelPeer.TCPLAB, "179", "--bytes",
                Integer.toString(KERNEL_BYTES), "--seed", "kernel", "--close-first",
                "--md5", KEY + "@" + KernelPeer.TCPLAB));

            TcpSocket conn = listener.accept(T).toCompletableFuture().get().value();
            Result<byte[]> got = Streams.recvAll(conn, T);
            assertTrue(got.isOk(), got + "\n" + peer.trace());
            assertEquals(sha(Streams.stream("kernel", KERNEL_BYTES)), sha(got.value()), "tcplab received");
            byte[] mine = Streams.stream("tcplab", TCPLAB_BYTES);
            assertEquals(Result.of(TCPLAB_BYTES), Streams.sendAll(conn, mine, T));
            assertEquals(Result.ok(), conn.close());
            String result = lastLine(client);
            assertEquals("true", field(result, "ok"), result);
            assertEquals(sha(mine), field(result, "recv_sha"), "the kernel received");
            assertEquals(TcpState.CLOSED, Streams.awaitState(conn, TcpState.CLOSED, T), peer.trace());

            assertAllSigned(peer);
            assertEquals(0, peer.host.counter(Counter.TCP_EXT_MD5_FAILURE));
            assertEquals("0", kernelCounter(ns, "TCPMD5Failure"));
        }
    }

    @Test
    void aSignedTcplabClientExchangesDataWithASignedKernelListenerAndClosesFirst() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = signedPeer(ns)) {
            Process server = ns.start(ns.kpeerCommand("server", KernelPeer.KERNEL, "179", "--bytes",
                Integer.toString(KERNEL_BYTES), "--seed", "kernel", "--md5", KEY + "@" + KernelPeer.TCPLAB));
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("{\"listening\": true}", out.readLine());

            TcpSocket s = peer.host.tcpSocket();
            assertEquals(Result.ok(), s.setOption(SocketOption.TCP_MD5SIG, keyFor(KernelPeer.KERNEL, KEY)));
            assertEquals(Result.ok(), s.connect(Endpoint.of(KernelPeer.KERNEL, 179), T).toCompletableFuture().get());
            byte[] mine = Streams.stream("tcplab", TCPLAB_BYTES);
            assertEquals(Result.of(TCPLAB_BYTES), Streams.sendAll(s, mine, T));
            assertEquals(Result.ok(), s.shutdown(org.tcplab.api.socket.Shutdown.WR));
            Result<byte[]> got = Streams.recvAll(s, T);
            assertTrue(got.isOk(), got + "\n" + peer.trace());
            assertEquals(sha(Streams.stream("kernel", KERNEL_BYTES)), sha(got.value()), "tcplab received");
            assertEquals(Result.ok(), s.close());
            String result = out.readLine();
            assertEquals("true", field(result, "ok"), result);
            assertEquals(sha(mine), field(result, "recv_sha"), "the kernel received");
            assertEquals(TcpState.TIME_WAIT, Streams.awaitState(s, TcpState.TIME_WAIT, T), peer.trace());

            assertAllSigned(peer);
            assertEquals("0", kernelCounter(ns, "TCPMD5Failure"));
        }
    }

    @Test
    void theKernelsSignedRstFromSoLingerZeroResetsTheTcplabConnection() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = signedPeer(ns)) {
            TcpSocket listener = peer.host.tcpSocket();
            assertEquals(Result.ok(), listener.bind(Endpoint.of(KernelPeer.TCPLAB, 179)));
            assertEquals(Result.ok(), listener.setOption(SocketOption.TCP_MD5SIG, keyFor(KernelPeer.KERNEL, KEY)));
            assertEquals(Result.ok(), listener.listen(4));
            String result = ns.kpeer("client", KernelPeer.TCPLAB, "179", "--bytes", "1000", "--abort",
                "--md5", KEY + "@" + KernelPeer.TCPLAB).lastLine();
            assertEquals("true", field(result, "ok"), result);
            TcpSocket conn = listener.accept(T).toCompletableFuture().get().value();
            assertEquals(TcpState.CLOSED, Streams.awaitState(conn, TcpState.CLOSED, T), peer.trace());
            assertEquals(Errno.ECONNRESET, conn.getOption(SocketOption.SO_ERROR).value(), peer.trace());
            byte[] last = peer.testLink.fromKernel.get(peer.testLink.fromKernel.size() - 1);
            assertTrue((last[20 + 13] & 0x04) != 0, "the kernel's last segment is its RST");
            assertAllSigned(peer);
        }
    }

    @Test
    void tcplabsSignedRstFromSoLingerZeroResetsTheKernelConnection() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = signedPeer(ns)) {
            Process server = ns.start(ns.kpeerCommand("server", KernelPeer.KERNEL, "179", "--bytes", "0",
                "--md5", KEY + "@" + KernelPeer.TCPLAB));
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("{\"listening\": true}", out.readLine());
            TcpSocket s = peer.host.tcpSocket();
            assertEquals(Result.ok(), s.setOption(SocketOption.TCP_MD5SIG, keyFor(KernelPeer.KERNEL, KEY)));
            assertEquals(Result.ok(), s.connect(Endpoint.of(KernelPeer.KERNEL, 179), T).toCompletableFuture().get());
            assertEquals(Result.of(3), s.send(new byte[] {1, 2, 3}));
            assertEquals(Result.ok(), s.setOption(SocketOption.SO_LINGER, Duration.ZERO));
            assertEquals(Result.ok(), s.close());
            String result = out.readLine();
            assertEquals("ECONNRESET", field(result, "error"), result + "\n" + peer.trace());
            assertAllSigned(peer);
        }
    }

    @Test
    void withAWrongKeyNeitherSideAnswersAndBothCountMd5Failure() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = signedPeer(ns)) {
            TcpSocket listener = peer.host.tcpSocket();
            assertEquals(Result.ok(), listener.bind(Endpoint.of(KernelPeer.TCPLAB, 179)));
            assertEquals(Result.ok(), listener.setOption(SocketOption.TCP_MD5SIG, keyFor(KernelPeer.KERNEL, KEY)));
            assertEquals(Result.ok(), listener.listen(4));
            String result = ns.kpeer("client", KernelPeer.TCPLAB, "179", "--timeout", "2",
                "--md5", "not-the-key@" + KernelPeer.TCPLAB).lastLine();
            assertEquals("TimeoutError", field(result, "error"), result);
            assertTrue(peer.host.counter(Counter.TCP_EXT_MD5_FAILURE) >= 1, peer.trace());
            assertEquals(List.of(), peer.testLink.sentByHost.stream().filter(d -> d[9] == 6).toList(),
                "tcplab answered nothing");

            // The reverse: tcplab's SYNs signed with a wrong key meet the kernel's silence.
            Process server = ns.start(ns.kpeerCommand("server", KernelPeer.KERNEL, "180", "--timeout", "4",
                "--md5", KEY + "@" + KernelPeer.TCPLAB));
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("{\"listening\": true}", out.readLine());
            TcpSocket s = peer.host.tcpSocket();
            assertEquals(Result.ok(), s.setOption(SocketOption.TCP_MD5SIG, keyFor(KernelPeer.KERNEL, "not-the-key")));
            assertEquals(Errno.EINPROGRESS, s.connect(Endpoint.of(KernelPeer.KERNEL, 180), Duration.ofSeconds(2)).toCompletableFuture().get()
                    .errno(), peer.trace());
            assertEquals(TcpState.SYN_SENT, s.state());
            assertTrue(Long.parseLong(kernelCounter(ns, "TCPMD5Failure")) >= 1);
        }
    }

    /** Every TCP datagram either side sent carries an MD5 digest that verifies with the key. */
    private static void assertAllSigned(KernelPeer peer) {
        Md5SegmentSigner checker = new Md5SegmentSigner();
        checker.addKey(keyFor(KernelPeer.KERNEL, KEY));
        checker.addKey(keyFor(KernelPeer.TCPLAB, KEY));
        int n = 0;
        for (List<byte[]> side : List.of(peer.testLink.sentByHost, peer.testLink.fromKernel)) {
            for (byte[] d : side) {
                if (d[9] != 6) {
                    continue;
                }
                int ihl = (d[0] & 0xF) * 4;
                ByteBuffer b = ByteBuffer.wrap(d);
                Flow flow = Flow.ofReceived(b.getInt(12), b.getShort(ihl) & 0xFFFF, b.getInt(16),
                    b.getShort(ihl + 2) & 0xFFFF);
                assertEquals(Verdict.OK, checker.verifyWithoutSession(flow, b, ihl, d.length - ihl), "from " + flow);
                n++;
            }
        }
        assertTrue(n > 4, "segments checked: " + n);
    }

    /** A TcpExt counter of the kernel in the namespace. */
    private static String kernelCounter(Netns ns, String name) {
        String[] lines = ns.exec("cat", "/proc/net/netstat").output().split("\n");
        for (int i = 0; i + 1 < lines.length; i += 2) {
            if (lines[i].startsWith("TcpExt:")) {
                List<String> names = List.of(lines[i].split(" "));
                return lines[i + 1].split(" ")[names.indexOf(name)];
            }
        }
        throw new AssertionError("no TcpExt line");
    }

    private static String lastLine(Process p) throws Exception {
        String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        String[] lines = all.split("\n");
        return lines[lines.length - 1];
    }
}
