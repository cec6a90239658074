package org.tcplab.link.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tcplab.link.tun.Streams.field;
import static org.tcplab.link.tun.Streams.sha;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tcplab.api.host.RstReason;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.Shutdown;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.TcpState;

/**
 * TCP and UDP between a tcplab host and the Linux kernel over TUN, each test in its own namespace. The kernel's
 * side is checked through its own socket API (kpeer.py), tcplab's through its own.
 */
@ExtendWith(RootOnly.class)
class TcpWithKernelIT {

    private static final Duration T = Duration.ofSeconds(20);
    private static final int KERNEL_BYTES = 1 << 20;
    private static final int TCPLAB_BYTES = 3 << 18;

    @Test
    void aKernelClientExchangesDataBothWaysWithATcplabListenerAndClosesFirst() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = KernelPeer.open(ns)) {
            TcpSocket listener = peer.host.tcpSocket();
            assertEquals(Result.ok(), listener.bind(Endpoint.of(KernelPeer.TCPLAB, 5001)));
            assertEquals(Result.ok(), listener.listen(4));
            Process client = ns.start(ns.kpeerCommand("client", KernelPeer.TCPLAB, "5001",
                "--bytes", Integer.toString(KERNEL_BYTES), "--seed", "kernel", "--close-first"));

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
            assertEquals(Integer.toString(TCPLAB_BYTES), field(result, "recv_len"));
            // The kernel closed first, so tcplab went CLOSE-WAIT -> LAST-ACK -> CLOSED.
            assertEquals(TcpState.CLOSED, Streams.awaitState(conn, TcpState.CLOSED, T), peer.trace());
        }
    }

    @Test
    void aTcplabClientExchangesDataBothWaysWithAKernelListenerAndClosesFirst() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = KernelPeer.open(ns)) {
            Process server = ns.start(ns.kpeerCommand("server", KernelPeer.KERNEL, "5002",
                "--bytes", Integer.toString(KERNEL_BYTES), "--seed", "kernel"));
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("{\"listening\": true}", out.readLine());

            TcpSocket s = peer.host.tcpSocket();
            assertEquals(Result.ok(), s.connect(Endpoint.of(KernelPeer.KERNEL, 5002), T).toCompletableFuture().get());
            byte[] mine = Streams.stream("tcplab", TCPLAB_BYTES);
            assertEquals(Result.of(TCPLAB_BYTES), Streams.sendAll(s, mine, T));
            assertEquals(Result.ok(), s.shutdown(Shutdown.WR));
            Result<byte[]> got = Streams.recvAll(s, T);
            assertTrue(got.isOk(), got + "\n" + peer.trace());
            assertEquals(sha(Streams.stream("kernel", KERNEL_BYTES)), sha(got.value()), "tcplab received");
            assertEquals(Result.ok(), s.close());

            String result = out.readLine();
            assertEquals("true", field(result, "ok"), result);
            assertEquals(sha(mine), field(result, "recv_sha"), "the kernel received");
            // tcplab closed first: FIN-WAIT-1 -> FIN-WAIT-2 -> TIME-WAIT once the kernel's FIN came.
            assertEquals(TcpState.TIME_WAIT, Streams.awaitState(s, TcpState.TIME_WAIT, T), peer.trace());
        }
    }

    /**
     * Nagle at the kernel, delayed ACKs at tcplab: the kernel holds its second small write until tcplab acknowledges
     * the first. tcplab acknowledges a connection's first data at once, as Linux does (quick-ACK mode), so the
     * second byte follows within a round trip; a 40 ms delayed ACK would hold it 40 ms.
     */
    @Test
    void theKernelsSecondSmallWriteIsNotHeldBackByTcplabsDelayedAck() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = KernelPeer.open(ns)) {
            TcpSocket listener = peer.host.tcpSocket();
            assertEquals(Result.ok(), listener.bind(Endpoint.of(KernelPeer.TCPLAB, 5005)));
            assertEquals(Result.ok(), listener.listen(1));
            Process client = ns.start(ns.kpeerCommand("two-small-writes", KernelPeer.TCPLAB, "5005"));
            TcpSocket conn = listener.accept(T).toCompletableFuture().get().value();
            // Not read until both bytes are there: a read would send a window update, an ACK of its own.
            long firstAt = awaitAvailable(conn, 1);
            long gapMillis = (awaitAvailable(conn, 2) - firstAt) / 1_000_000;
            assertTrue(gapMillis < 20, "the second byte came " + gapMillis + " ms after the first\n" + peer.trace());
            assertEquals("ab", new String(conn.recv(10).value(), StandardCharsets.US_ASCII));
            assertEquals(Result.of(2), conn.send("ok".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(Result.ok(), conn.close());
            String result = lastLine(client);
            assertEquals("true", field(result, "ok"), result);
            assertEquals("2", field(result, "recv_len"), result);
        }
    }

    @Test
    void aSynToAClosedTcplabPortIsRefusedWithARst() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = KernelPeer.open(ns)) {
            String result = ns.kpeer("client", KernelPeer.TCPLAB, "5999", "--timeout", "5").lastLine();
            assertEquals("ECONNREFUSED", field(result, "error"), result);
            assertEquals(1L, peer.host.rstsSent().getOrDefault(RstReason.NO_SOCKET, 0L), peer.trace());
        }
    }

    @Test
    void udpToAClosedTcplabPortMakesAConnectedKernelSocketSeeEconnrefused() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = KernelPeer.open(ns)) {
            String result = ns.kpeer("udp-refused", KernelPeer.TCPLAB, "5998", "--timeout", "5").lastLine();
            assertEquals("ECONNREFUSED", field(result, "recv"), result + "\n" + peer.trace());
        }
    }

    /** Polls (every 100 us) until {@code n} bytes are readable; when that was seen, in System.nanoTime. */
    private static long awaitAvailable(TcpSocket s, int n) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (s.available() < n) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(n + " bytes never became readable (" + s.available() + ")");
            }
            Thread.sleep(0, 100_000);
        }
        return System.nanoTime();
    }

    private static String lastLine(Process p) throws Exception {
        String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        String[] lines = all.split("\n");
        return lines[lines.length - 1];
    }
}
