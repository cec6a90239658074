package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tcplab.api.host.Clock;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.link.Link;
import org.tcplab.api.link.LinkListener;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.policy.linux.internal.LinuxPolicy;

/**
 * Hosts on the monotonic clock run their own event-loop threads: socket calls from the test's threads are posted
 * to them, and the blocking forms wait on the loops (no sleeps).
 */
class ThreadedHostTest {

    /** Two ends that hand each datagram straight to the other end's listener, on the sender's thread. */
    static final class DirectLink implements Link {
        DirectLink peer;
        volatile LinkListener listener;

        static DirectLink[] pair() {
            DirectLink a = new DirectLink();
            DirectLink b = new DirectLink();
            a.peer = b;
            b.peer = a;
            return new DirectLink[] {a, b};
        }

        @Override
        public String name() {
            return "direct";
        }

        @Override
        public int mtu() {
            return 1500;
        }

        @Override
        public void attach(LinkListener l) {
            listener = l;
        }

        @Override
        public void detach() {
            listener = null;
        }

        @Override
        public boolean send(ByteBuffer datagram) {
            LinkListener l = peer.listener;
            if (l != null) {
                l.received(datagram.duplicate());
            }
            return true;
        }
    }

    /** A host with a loop of its own (the monotonic clock) on {@code link}. */
    private static Host onItsOwnLoop(TcpEngine engine, String name, String address, DirectLink link) {
        return engine.newHost(HostConfig.builder(name).address(address).link(link).clock(Clock.monotonic()).build());
    }

    /** A's socket connected to B:80 with the blocking calls, each host on its own loop, and B's accepted one. */
    private static TcpSocket[] connectedAcrossLoops(Host a, Host b) throws Exception {
        Endpoint server = Endpoint.of("10.0.0.2", 80);
        TcpSocket listener = b.tcpSocket();
        assertEquals(Result.ok(), listener.bind(server));
        assertEquals(Result.ok(), listener.listen(4));
        CompletableFuture<Result<TcpSocket>> accepted = listener.accept(Duration.ofSeconds(10)).toCompletableFuture();
        TcpSocket client = a.tcpSocket();
        assertEquals(Result.ok(),
                client.connect(server, Duration.ofSeconds(10)).toCompletableFuture().get(20, TimeUnit.SECONDS));
        return new TcpSocket[] {client, accepted.get(20, TimeUnit.SECONDS).value()};
    }

    @Test
    @Timeout(30)
    void blockingCallsAcrossTwoHostLoopsMoveAMegabyte() throws Exception {
        DirectLink[] link = DirectLink.pair();
        TcpEngine engine = TcpEngine.of(new LinuxPolicy());
        try (Host a = onItsOwnLoop(engine, "a", "10.0.0.1", link[0]);
             Host b = onItsOwnLoop(engine, "b", "10.0.0.2", link[1])) {
            TcpSocket[] pair = connectedAcrossLoops(a, b);
            TcpSocket client = pair[0];
            TcpSocket conn = pair[1];
            assertEquals(TcpState.ESTABLISHED, conn.state());

            byte[] data = new byte[1 << 20];
            new Random(9).nextBytes(data);
            CompletableFuture<Result<Integer>> sent =
                    client.send(ByteBuffer.wrap(data), Duration.ofSeconds(20)).toCompletableFuture();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (got.size() < data.length) {
                Result<byte[]> r = conn.recv(65536, Duration.ofSeconds(10)).toCompletableFuture()
                        .get(20, TimeUnit.SECONDS);
                assertTrue(r.isOk(), String.valueOf(r));
                got.writeBytes(r.value());
            }
            assertEquals(Result.of(data.length), sent.get(20, TimeUnit.SECONDS));
            assertArrayEquals(data, got.toByteArray());
            assertEquals(Result.ok(), client.close());
            Result<byte[]> eof = conn.recv(10, Duration.ofSeconds(10)).toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertEquals(0, eof.value().length);
        }
    }

    @Test
    @Timeout(30)
    void blockingRecvIntoABufferWaitsForTheDataAndGivesZeroAtEndOfStream() throws Exception {
        DirectLink[] link = DirectLink.pair();
        TcpEngine engine = TcpEngine.of(new LinuxPolicy());
        try (Host a = onItsOwnLoop(engine, "a", "10.0.0.1", link[0]);
             Host b = onItsOwnLoop(engine, "b", "10.0.0.2", link[1])) {
            TcpSocket[] pair = connectedAcrossLoops(a, b);
            TcpSocket client = pair[0];
            TcpSocket conn = pair[1];
            ByteBuffer into = ByteBuffer.allocateDirect(1000);
            assertThrows(IllegalArgumentException.class,
                () -> conn.recv(ByteBuffer.allocate(4).asReadOnlyBuffer(), Duration.ofSeconds(1)));

            // Asked before anything was sent: it waits, then takes what came (at most what the buffer holds).
            CompletableFuture<Result<Integer>> first = conn.recv(into, Duration.ofSeconds(10)).toCompletableFuture();
            Thread.sleep(50);
            assertFalse(first.isDone(), "completed with " + (first.isDone() ? first.join() : null) + " before any data");
            byte[] data = new byte[300_000];
            new Random(11).nextBytes(data);
            CompletableFuture<Result<Integer>> sent =
                    client.send(ByteBuffer.wrap(data), Duration.ofSeconds(20)).toCompletableFuture();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            Result<Integer> r = first.get(20, TimeUnit.SECONDS);
            while (true) {
                assertTrue(r.isOk() && r.value() > 0 && r.value() <= 1000, String.valueOf(r));
                assertEquals(r.value(), into.position());
                byte[] chunk = new byte[r.value()];
                into.flip().get(chunk);
                got.writeBytes(chunk);
                into.clear();
                if (got.size() == data.length) {
                    break;
                }
                r = conn.recv(into, Duration.ofSeconds(10)).toCompletableFuture().get(20, TimeUnit.SECONDS);
            }
            assertEquals(Result.of(data.length), sent.get(20, TimeUnit.SECONDS));
            assertArrayEquals(data, got.toByteArray());

            assertEquals(Errno.EAGAIN, conn.recv(into, Duration.ofMillis(100)).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).errno());
            assertEquals(Result.ok(), client.close());
            assertEquals(Result.of(0), conn.recv(into, Duration.ofSeconds(10)).toCompletableFuture()
                    .get(20, TimeUnit.SECONDS));
            assertEquals(0, into.position());
        }
    }

    @Test
    @Timeout(30)
    void blockingRecvTimesOutWithEagainOnTheHostClock() throws Exception {
        DirectLink[] link = DirectLink.pair();
        TcpEngine engine = TcpEngine.of(new LinuxPolicy());
        try (Host a = engine.newHost(HostConfig.builder("a").address("10.0.0.1").link(link[0])
                .clock(Clock.monotonic()).build())) {
            TcpSocket self = a.tcpSocket();
            Endpoint me = Endpoint.of("10.0.0.1", 7000);
            self.bind(me);
            assertEquals(Result.ok(),
                    self.connect(me, Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS));
            long start = System.nanoTime();
            Result<byte[]> r = self.recv(10, Duration.ofMillis(200)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(Errno.EAGAIN, r.errno());
            assertTrue(System.nanoTime() - start >= 190_000_000L);
        }
    }

    @Test
    void aClosedHostAnswersEbadf() {
        DirectLink[] link = DirectLink.pair();
        Host a = TcpEngine.of().newHost(HostConfig.builder("a").address("10.0.0.1").link(link[0])
                .clock(Clock.monotonic()).build());
        TcpSocket s = a.tcpSocket();
        a.close();
        assertEquals(Errno.EBADF, s.bind(Endpoint.of("10.0.0.1", 1)).errno());
    }
}
