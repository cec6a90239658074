package org.tcplab.link.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tcplab.link.tun.Streams.field;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tcplab.api.host.RstReason;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;

/** The corners tcplab is for, with the Linux kernel as the other TCP. */
@ExtendWith(RootOnly.class)
class DarkCornersIT {

    private static final Duration T = Duration.ofSeconds(20);

    /** A kpeer.py run we talk to line by line. */
    private record Talk(Process p, BufferedReader out, Writer in) {
        static Talk start(Netns ns, String... args) {
            Process p = ns.start(ns.kpeerCommand(args));
            return new Talk(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)),
                new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
        }

        String line() throws Exception {
            String l = out.readLine();
            if (l == null) {
                throw new AssertionError("kpeer.py ended early (exit " + p.waitFor() + ")");
            }
            return l;
        }

        void say(String s) throws Exception {
            in.write(s + "\n");
            in.flush();
        }
    }

    @Test
    void theSeedsQuestionKernelSide_aKernelWriterWhosePeerForgotItGetsEconnresetThenEpipe() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = KernelPeer.open(ns)) {
            TcpSocket l = peer.host.tcpSocket();
            assertEquals(Result.ok(), l.bind(Endpoint.of(KernelPeer.TCPLAB, 5003)));
            assertEquals(Result.ok(), l.listen(1));
            Talk k = Talk.start(ns, "writes-after-vanish", KernelPeer.TCPLAB, "5003", "--timeout", "10");
            assertEquals("true", field(k.line(), "connected"));
            assertEquals(TcpState.ESTABLISHED, l.accept(T).toCompletableFuture().get().value().state());

            peer.host.crash(); // tcplab forgets the connection without a word
            k.say("go");
            String result = k.line();
            // write 1 goes out and draws tcplab's no-socket RST; write 2 reports it; write 3 finds the pipe broken.
            assertTrue(result.contains("\"writes\": [\"ok\", \"ECONNRESET\", \"EPIPE\"]"), result + "\n" + peer.trace());
            assertEquals(1L, peer.host.rstsSent().getOrDefault(RstReason.NO_SOCKET, 0L), peer.trace());
        }
    }

    @Test
    void theSeedsQuestionTcplabSide_aTcplabWriterWhoseKernelPeerIsGoneGetsEconnresetThenEpipe() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = KernelPeer.open(ns)) {
            Talk k = Talk.start(ns, "close-on-go", KernelPeer.KERNEL, "5004", "--timeout", "10");
            assertEquals("true", field(k.line(), "listening"));
            TcpSocket s = peer.host.tcpSocket();
            assertEquals(Result.ok(), s.connect(Endpoint.of(KernelPeer.KERNEL, 5004), T).toCompletableFuture().get());
            assertTrue(k.line().contains("accepted"));

            // The kernel's socket closes and its FIN is lost (every copy of it): tcplab still thinks ESTABLISHED.
            peer.testLink.dropFromKernel(d -> TestLink.tcpWith(d, TestLink.FIN));
            k.say("close");
            assertTrue(k.line().contains("closed"));
            await(() -> !peer.testLink.dropped.isEmpty(), "the kernel's FIN");
            assertEquals(TcpState.ESTABLISHED, s.state());

            assertEquals(Result.of(6), s.send("hello\n".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(TcpState.CLOSED, Streams.awaitState(s, TcpState.CLOSED, T), peer.trace());
            assertEquals(Errno.ECONNRESET, s.send(new byte[] {1}).errno(), peer.trace());
            assertEquals(Errno.EPIPE, s.send(new byte[] {2}).errno());
            assertTrue(peer.testLink.fromKernel.stream().anyMatch(d -> (Segments.flags(d) & TestLink.RST) != 0),
                "the kernel answered with a RST");
            k.say("exit");
            System.out.println("[tun] seed's question, tcplab side, tcplab's trace:\n" + peer.trace());
        }
    }

    @Test
    void halfOpenDiscoveryWithTheKernelAsTcpB_rfc793Figure10() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = KernelPeer.open(ns)) {
            Talk k = Talk.start(ns, "half-open", KernelPeer.KERNEL, "5005", "--timeout", "10");
            assertEquals("true", field(k.line(), "listening"));
            TcpSocket a = peer.host.tcpSocket();
            assertEquals(Result.ok(), a.setOption(SocketOption.TCPLAB_ISN, 100L));
            assertEquals(Result.ok(), a.bind(Endpoint.of(KernelPeer.TCPLAB, 40000)));
            assertEquals(Result.ok(), a.connect(Endpoint.of(KernelPeer.KERNEL, 5005), T).toCompletableFuture().get());
            assertEquals("192.0.2.2:40000", field(k.line(), "accepted"));

            peer.host.crash(); // fig. 10 line 1: TCP A crashes
            TcpSocket again = peer.host.tcpSocket();
            assertEquals(Result.ok(), again.setOption(SocketOption.TCPLAB_ISN, 400L));
            assertEquals(Result.ok(), again.bind(Endpoint.of(KernelPeer.TCPLAB, 40000)));
            // Lines 3-8: SYN; the kernel's (challenge) ACK; tcplab's RST <SEQ=SEG.ACK>; the kernel aborts; SYN again.
            Result<Void> connected = again.connect(Endpoint.of(KernelPeer.KERNEL, 5005), T).toCompletableFuture().get();
            assertEquals(Result.ok(), connected, peer.trace());
            Result<byte[]> hello = again.recv(100, T).toCompletableFuture().get();
            assertEquals("hello again\n", new String(hello.value(), StandardCharsets.US_ASCII));
            assertEquals(Result.of(4), again.send("bye\n".getBytes(StandardCharsets.US_ASCII)));

            String result = k.line();
            assertEquals("ECONNRESET", field(result, "first_recv"), result);
            assertEquals("192.0.2.2:40000", field(result, "second"), result);
            assertEquals("bye\\n", field(result, "second_recv"), result);
            assertEquals(1L, peer.host.rstsSent().getOrDefault(RstReason.TCP_INVALID_ACK_SEQUENCE, 0L), peer.trace());
            System.out.println("[tun] half-open discovery, tcplab's trace:\n" + peer.trace());
        }
    }

    @Test
    void aSegmentToAClosedPortGetsTheSameRstFromTcplabAsFromTheKernel_byteForByteInTheTcpHeader() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = KernelPeer.open(ns)) {
            // Each segment goes once to a closed kernel port and once, mirrored, to a closed tcplab port.
            record Probe(String what, long seq, long ack, int flags, byte[] payload) {
            }
            List<Probe> probes = List.of(
                new Probe("SYN", 1000, 0, TestLink.SYN, new byte[0]),
                new Probe("ACK with data", 5000, 777777, TestLink.ACK | 0x08, "data".getBytes(StandardCharsets.US_ASCII)),
                new Probe("SYN+FIN", 3000, 0, TestLink.SYN | TestLink.FIN, new byte[0]),
                new Probe("FIN+ACK", 9000, 123456, TestLink.FIN | TestLink.ACK, new byte[0]));
            int port = 40100;
            for (Probe p : probes) {
                port++;
                int sport = port;
                byte[] toKernel = Segments.tcp(KernelPeer.TCPLAB, sport, KernelPeer.KERNEL, 5999, p.seq(), p.ack(),
                    p.flags(), 1024, p.payload());
                byte[] toTcplab = Segments.tcp(KernelPeer.KERNEL, sport, KernelPeer.TCPLAB, 5999, p.seq(), p.ack(),
                    p.flags(), 1024, p.payload());
                Predicate<byte[]> rstFrom5999 = d -> d.length >= 40 && d[9] == 6 && Segments.sourcePort(d) == 5999
                    && (Segments.flags(d) & TestLink.RST) != 0 && ByteBuffer.wrap(d, 22, 2).getShort() == (short) sport;

                assertTrue(peer.link.send(ByteBuffer.wrap(toKernel)));
                byte[] kernelRst = awaitOne(peer.testLink.fromKernel, rstFrom5999, "the kernel's RST to " + p.what());
                assertEquals(0, ns.kpeer("raw-send", KernelPeer.TCPLAB, "0", "--hex", Segments.hex(toTcplab)).status());
                byte[] tcplabRst = awaitOne(peer.testLink.sentByHost, rstFrom5999, "tcplab's RST to " + p.what());

                assertEquals(Segments.hex(Segments.tcpHeader(kernelRst)), Segments.hex(Segments.tcpHeader(tcplabRst)),
                    p.what() + ": kernel's RST TCP header vs tcplab's");
                System.out.printf("[tun] %-13s kernel RST %s%n              tcplab RST %s%n", p.what(),
                    Segments.hex(Segments.tcpHeader(kernelRst)), Segments.hex(Segments.tcpHeader(tcplabRst)));
            }
        }
    }

    /**
     * Bare ACKs outside the window (Linux tcp_oow_rate_limited): three, back to back, to the kernel's end of a
     * connection draw one duplicate ACK from the kernel; the same three, mirrored, to tcplab's end draw as many from
     * tcplab under the Linux-style policy, and one each under RFC 793's.
     */
    @Test
    void bareAcksOutsideTheWindowDrawAsManyAcksFromTcplabAsFromTheKernel() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = KernelPeer.open(ns)) {
            Talk k = Talk.start(ns, "server", KernelPeer.KERNEL, "5007", "--timeout", "10");
            assertEquals("true", field(k.line(), "listening"));
            TcpSocket a = peer.host.tcpSocket();
            assertEquals(Result.ok(), a.setOption(SocketOption.TCPLAB_ISN, 100L));
            assertEquals(Result.ok(), a.bind(Endpoint.of(KernelPeer.TCPLAB, 40200)));
            assertEquals(Result.ok(), a.connect(Endpoint.of(KernelPeer.KERNEL, 5007), T).toCompletableFuture().get());
            byte[] synAck = awaitOne(peer.testLink.fromKernel,
                d -> Segments.sourcePort(d) == 5007 && Segments.flags(d) == (TestLink.SYN | TestLink.ACK), "the SYN,ACK");
            long kernelNxt = (seq(synAck) + 1) & 0xFFFFFFFFL;
            long tcplabNxt = 101;

            // To the kernel, as if from tcplab: 2000 below the kernel's RCV.NXT.
            byte[] toKernel = Segments.tcp(KernelPeer.TCPLAB, 40200, KernelPeer.KERNEL, 5007, tcplabNxt - 2000, kernelNxt,
                TestLink.ACK, 1024, new byte[0]);
            Predicate<byte[]> bareAckFromKernel = d -> Segments.sourcePort(d) == 5007 && Segments.flags(d) == TestLink.ACK
                && payloadLength(d) == 0;
            long before = peer.testLink.fromKernel.stream().filter(bareAckFromKernel).count();
            for (int i = 0; i < 3; i++) {
                assertTrue(peer.link.send(ByteBuffer.wrap(toKernel)));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            long kernelAcks = peer.testLink.fromKernel.stream().filter(bareAckFromKernel).count() - before;

            // To tcplab, as if from the kernel: 2000 below tcplab's RCV.NXT.
            String three = threeTimes(Segments.tcp(KernelPeer.KERNEL, 5007, KernelPeer.TCPLAB, 40200, kernelNxt - 2000,
                tcplabNxt, TestLink.ACK, 1024, new byte[0]));
            Predicate<byte[]> bareAckFromTcplab = d -> Segments.sourcePort(d) == 40200 && Segments.flags(d) == TestLink.ACK
                && payloadLength(d) == 0;
            before = peer.testLink.sentByHost.stream().filter(bareAckFromTcplab).count();
            assertEquals(0, ns.kpeer("raw-send", KernelPeer.TCPLAB, "0", "--hex", three).status());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            long tcplabAcks = peer.testLink.sentByHost.stream().filter(bareAckFromTcplab).count() - before;

            assertEquals(1, kernelAcks, "the kernel's duplicate ACKs to three bare segments outside its window");
            assertEquals(kernelAcks, tcplabAcks, "tcplab's (linux policy) against the kernel's\n" + peer.trace());

            // RFC 793 answers every one.
            assertEquals(Result.ok(), a.setOption(SocketOption.TCPLAB_POLICY, "rfc793"));
            long beforeRfc793 = peer.testLink.sentByHost.stream().filter(bareAckFromTcplab).count();
            assertEquals(0, ns.kpeer("raw-send", KernelPeer.TCPLAB, "0", "--hex", three).status());
            await(() -> peer.testLink.sentByHost.stream().filter(bareAckFromTcplab).count() - beforeRfc793 == 3,
                "three ACKs from tcplab under rfc793\n" + peer.trace());
            System.out.printf("[tun] three bare ACKs outside the window: the kernel answers %d, tcplab (linux) %d,"
                + " tcplab (rfc793) 3%n", kernelAcks, tcplabAcks);
            assertEquals(Result.ok(), a.close());
        }
    }

    private static String threeTimes(byte[] datagram) {
        String h = Segments.hex(datagram);
        return h + "," + h + "," + h;
    }

    private static long seq(byte[] datagram) {
        int ihl = (datagram[0] & 0x0F) * 4;
        return ByteBuffer.wrap(datagram, ihl + 4, 4).getInt() & 0xFFFFFFFFL;
    }

    private static int payloadLength(byte[] datagram) {
        int ihl = (datagram[0] & 0x0F) * 4;
        int total = (datagram[2] & 0xFF) << 8 | datagram[3] & 0xFF;
        return total - ihl - ((datagram[ihl + 12] & 0xF0) >> 4) * 4;
    }

    @Test
    void simultaneousOpenWithAKernelSocket_rfc793Figure8() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = KernelPeer.open(ns)) {
            // Hold what the kernel sends from port 5006 so that both SYNs cross: the kernel's SYN, then its SYN,ACK.
            peer.testLink.holdFromKernel(d -> TestLink.isTcp(d) && TestLink.sourcePort(d) == 5006);
            Talk k = Talk.start(ns, "simultaneous-open", KernelPeer.TCPLAB, "40200", "--bind", KernelPeer.KERNEL,
                "--bind-port", "5006", "--timeout", "10");
            assertEquals("true", field(k.line(), "syn_sent"));
            await(() -> peer.testLink.held.size() == 1, "the kernel's SYN");

            TcpSocket s = peer.host.tcpSocket();
            assertEquals(Result.ok(), s.bind(Endpoint.of(KernelPeer.TCPLAB, 40200)));
            assertEquals(Errno.EINPROGRESS, s.connect(Endpoint.of(KernelPeer.KERNEL, 5006)).errno());
            // tcplab's SYN reached the kernel in SYN-SENT: it answers SYN,ACK (held too).
            await(() -> peer.testLink.held.size() == 2, "the kernel's SYN,ACK");
            assertEquals(TestLink.SYN, Segments.flags(peer.testLink.held.get(0)));
            assertEquals(TestLink.SYN | TestLink.ACK, Segments.flags(peer.testLink.held.get(1)));
            peer.testLink.release();

            assertEquals(TcpState.ESTABLISHED, Streams.awaitState(s, TcpState.ESTABLISHED, T), peer.trace());
            assertEquals(Result.of(16), s.send("from tcplab too\n".getBytes(StandardCharsets.US_ASCII)));
            Result<byte[]> got = s.recv(100, T).toCompletableFuture().get();
            assertEquals("from the kernel\n", new String(got.value(), StandardCharsets.US_ASCII));
            String result = k.line();
            assertEquals("0", field(result, "so_error"), result);
            assertEquals("from tcplab too\\n", field(result, "recv"), result);
            System.out.println("[tun] simultaneous open, tcplab's trace:\n" + peer.trace());
        }
    }

    private static byte[] awaitOne(List<byte[]> seen, Predicate<byte[]> which, String what) {
        await(() -> seen.stream().anyMatch(which), what);
        return seen.stream().filter(which).findFirst().orElseThrow();
    }

    /** Test-side polling for something the kernel does in its own time. */
    private static void await(java.util.function.BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }
}
