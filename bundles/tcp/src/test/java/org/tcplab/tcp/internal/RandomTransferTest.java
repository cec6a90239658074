package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.tcplab.api.host.Counter;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.Shutdown;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.policy.rfc793.internal.Rfc793Policy;

/**
 * 1,000 seeded transfers between two hosts over a lossy in-memory link, both directions at once, on virtual
 * time: every byte arrives, unaltered and in order, and both sides close cleanly. A failure names its seed.
 */
class RandomTransferTest {

    static final Endpoint SERVER = Endpoint.of("10.0.0.2", 80);

    /** For debugging one failing seed by hand: set it, call {@link #transfer(long)}, read the trace. */
    static org.tcplab.api.trace.TraceListener TRACE;

    /** What one transfer did, for the totals. */
    record Outcome(long retransmits, long virtualMillis) {
    }

    @Test
    void thousandSeededTransfersOverALossyLinkLoseAndAlterNothing() {
        long retransmits = 0;
        long lossy = 0;
        for (long seed = 1; seed <= 1000; seed++) {
            Outcome o = transfer(seed);
            retransmits += o.retransmits;
            lossy += o.retransmits > 0 ? 1 : 0;
        }
        // The loss must really have been exercised: most runs retransmitted something.
        assertTrue(lossy > 500, "only " + lossy + " transfers retransmitted");
        assertTrue(retransmits > 1000, "retransmissions: " + retransmits);
    }

    static Outcome transfer(long seed) {
        Random r = new Random(seed);
        MemoryNetwork net = new MemoryNetwork();
        double loss = 0.02 + r.nextDouble() * 0.13;
        MemoryNetwork.MemoryLink[] link = net.link(Duration.ofMillis(1 + r.nextInt(20)), loss, seed);
        RstPolicy policy = r.nextBoolean() ? new LinuxPolicy() : new Rfc793Policy();
        TcpEngine engine = TcpEngine.of(policy);
        int buffer = 4096 << r.nextInt(6);
        HostConfig.Builder ca = HostConfig.builder("a").address("10.0.0.1").link(link[0]).seed(seed)
                .receiveBuffer(buffer).sendBuffer(buffer);
        HostConfig.Builder cb = HostConfig.builder("b").address("10.0.0.2").link(link[1]).seed(seed + 1)
                .receiveBuffer(buffer).sendBuffer(buffer);
        if (TRACE != null) {
            ca.trace(TRACE);
            cb.trace(TRACE);
        }
        Host a = net.host(engine, ca);
        Host b = net.host(engine, cb);
        byte[] up = new byte[r.nextInt(60_000)];
        byte[] down = new byte[r.nextInt(20_000)];
        r.nextBytes(up);
        r.nextBytes(down);

        TcpSocket listener = b.tcpSocket();
        listener.bind(SERVER);
        listener.listen(1);
        TcpSocket client = a.tcpSocket();
        if (r.nextBoolean()) {
            client.setOption(SocketOption.TCP_NODELAY, true);
        }
        client.connect(SERVER);
        TcpSocket server = null;
        Side c = new Side(client, up);
        Side s = null;
        long limit = 600_000_000_000L;
        while (net.clock.nanos() < limit) {
            if (server == null) {
                Result<TcpSocket> accepted = listener.accept();
                if (accepted.isOk()) {
                    server = accepted.value();
                    s = new Side(server, down);
                }
            }
            c.step(r);
            if (s != null) {
                s.step(r);
                if (c.done() && s.done()) {
                    break;
                }
            }
            net.run(Duration.ofMillis(1 + r.nextInt(30)));
        }
        String where = "seed " + seed + " loss " + loss + " buffer " + buffer + " up " + up.length + " down "
                + down.length + " policy " + policy.name();
        assertTrue(s != null && c.done() && s.done(), "transfer did not finish: " + where);
        assertArrayEquals(up, s.received.toByteArray(), where);
        assertArrayEquals(down, c.received.toByteArray(), where);
        client.close();
        server.close();
        net.run(Duration.ofSeconds(200));
        assertEquals(TcpState.CLOSED, client.state(), where);
        assertEquals(TcpState.CLOSED, server.state(), where);
        return new Outcome(a.counter(Counter.TCP_RETRANS_SEGS) + b.counter(Counter.TCP_RETRANS_SEGS),
                net.clock.nanos() / 1_000_000);
    }

    /** One application: writes its bytes in random pieces, then shuts down writing, and reads to the end. */
    static final class Side {
        final TcpSocket socket;
        final byte[] out;
        int sent;
        boolean shut;
        boolean eof;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Side(TcpSocket socket, byte[] out) {
            this.socket = socket;
            this.out = out;
        }

        void step(Random r) {
            if (socket.state() == TcpState.SYN_SENT) {
                return;
            }
            while (sent < out.length) {
                int n = Math.min(out.length - sent, 1 + r.nextInt(8000));
                Result<Integer> w = socket.send(ByteBuffer.wrap(out, sent, n));
                if (!w.isOk()) {
                    break;
                }
                sent += w.value();
            }
            if (sent == out.length && !shut) {
                shut = socket.shutdown(Shutdown.WR).isOk();
            }
            while (!eof) {
                Result<byte[]> got = socket.recv(1 + r.nextInt(20_000));
                if (!got.isOk()) {
                    break;
                }
                if (got.value().length == 0) {
                    eof = true;
                } else {
                    received.writeBytes(got.value());
                }
            }
        }

        boolean done() {
            return shut && eof;
        }
    }
}
