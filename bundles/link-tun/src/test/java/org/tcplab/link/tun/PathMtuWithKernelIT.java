package org.tcplab.link.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tcplab.link.tun.Streams.sha;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.Shutdown;
import org.tcplab.api.socket.TcpSocket;

/**
 * Path MTU discovery (RFC 1191) with the kernel: a router before a 1000-byte MTU, played by the test link, drops
 * the bigger datagrams and answers each with ICMP fragmentation needed. The kernel's segments shrink to fit, and
 * tcplab's shrink to the same size; both transfers complete intact.
 */
@ExtendWith(RootOnly.class)
class PathMtuWithKernelIT {

    private static final Duration T = Duration.ofSeconds(30);
    private static final int MTU = 1000;
    private static final int BYTES = 1 << 20;

    /** The largest TCP payload among {@code datagrams}. */
    private static int largestPayload(List<byte[]> datagrams) {
        int max = 0;
        for (byte[] d : datagrams) {
            int ihl = (d[0] & 0x0F) * 4;
            if (d[9] == 6) {
                int total = (d[2] & 0xFF) << 8 | d[3] & 0xFF;
                max = Math.max(max, total - ihl - ((d[ihl + 12] & 0xF0) >> 4) * 4);
            }
        }
        return max;
    }

    @Test
    void theKernelsSegmentsShrinkToTheNextHopMtuAndSoDoTcplabs() throws Exception {
        try (Netns ns = Netns.create(); KernelPeer peer = KernelPeer.open(ns)) {
            // tcplab sends first (the kernel, once it has heard of the smaller MTU, announces a smaller MSS itself).
            peer.testLink.mtuTowardsKernel(MTU);
            Process sink = ns.start(ns.kpeerCommand("sink", KernelPeer.KERNEL, "5011", "--timeout", "30"));
            BufferedReader out = new BufferedReader(new InputStreamReader(sink.getInputStream(), StandardCharsets.UTF_8));
            out.readLine(); // listening
            int before = peer.testLink.sentByHost.size();
            TcpSocket toKernel = peer.host.tcpSocket();
            assertEquals(Result.ok(), toKernel.connect(Endpoint.of(KernelPeer.KERNEL, 5011), T).toCompletableFuture().get());
            assertEquals(Result.of(BYTES), Streams.sendAll(toKernel, Streams.stream("tcplab", BYTES), T));
            assertEquals(Result.ok(), toKernel.shutdown(Shutdown.WR));
            String result = out.readLine();
            assertEquals(Integer.toString(BYTES), Streams.field(result, "bytes"), result);
            assertFalse(peer.testLink.tooBigFromHost.isEmpty(), "tcplab never sent a segment over " + MTU);
            List<byte[]> written = peer.testLink.sentByHost.subList(before, peer.testLink.sentByHost.size()).stream()
                .filter(d -> d.length <= MTU).toList();
            int tcplabMss = largestPayload(written);
            toKernel.close();
            peer.testLink.mtuTowardsKernel(0);

            // Then the kernel sends: what is over the MTU is dropped on its way to tcplab and answered with the ICMP.
            List<byte[]> tooBigFromKernel = new CopyOnWriteArrayList<>();
            peer.testLink.dropFromKernel(d -> {
                if (d.remaining() <= MTU) {
                    return false;
                }
                byte[] copy = TestLink.copy(d);
                tooBigFromKernel.add(copy);
                peer.link.send(ByteBuffer.wrap(Segments.fragmentationNeeded(KernelPeer.TCPLAB, copy, MTU)));
                return true;
            });
            TcpSocket listener = peer.host.tcpSocket();
            assertEquals(Result.ok(), listener.bind(Endpoint.of(KernelPeer.TCPLAB, 5010)));
            assertEquals(Result.ok(), listener.listen(1));
            Process source = ns.start(ns.kpeerCommand("client", KernelPeer.TCPLAB, "5010", "--bytes",
                Integer.toString(BYTES), "--seed", "kernel", "--close-first"));
            TcpSocket fromKernel = listener.accept(T).toCompletableFuture().get().value();
            Result<byte[]> got = Streams.recvAll(fromKernel, T);
            assertTrue(got.isOk(), got + "\n" + peer.trace());
            assertEquals(sha(Streams.stream("kernel", BYTES)), sha(got.value()), "tcplab received");
            assertEquals(Result.ok(), fromKernel.close());
            source.waitFor();
            assertFalse(tooBigFromKernel.isEmpty(), "the kernel never sent a segment over " + MTU);
            int kernelMss = largestPayload(peer.testLink.fromKernel);

            assertEquals(MTU - 40, kernelMss, "the kernel's segments after the ICMP");
            assertEquals(kernelMss, tcplabMss, "tcplab's segments after the ICMP, against the kernel's");
            System.out.printf("[tun] path MTU %d: the kernel sent %d datagrams too big, then at most %d bytes of data;"
                + " tcplab %d, then at most %d%n", MTU, tooBigFromKernel.size(), kernelMss,
                peer.testLink.tooBigFromHost.size(), tcplabMss);
        }
    }
}
