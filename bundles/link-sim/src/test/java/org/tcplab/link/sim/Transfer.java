package org.tcplab.link.sim;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.tcplab.api.host.Host;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.TcpStack;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.policy.rfc793.internal.Rfc793Policy;
import org.tcplab.tcp.internal.TcpEngine;

/**
 * One seeded transfer: host A connects to B, sends {@code size} seeded bytes and closes; B reads to end of
 * stream and closes. The network's impairments are set by {@code impair}. Everything on virtual time.
 */
final class Transfer {

    static final TcpStack STACK = TcpEngine.of(new LinuxPolicy(), new Rfc793Policy());

    /** {@code senderCounters}: host A's counters by MIB name, at the end. */
    record Outcome(byte[] sent, byte[] received, long virtualNanos, SimNetwork.Stats stats, String failure,
            java.util.Map<String, Long> senderCounters) {
        boolean intact() {
            return failure == null && java.util.Arrays.equals(sent, received);
        }
    }

    static Outcome run(long seed, int size, Consumer<SimNetwork> impair, WireListener listener) {
        return run(seed, size, impair, listener, b -> b);
    }

    /** {@code hosts} sets more of both hosts' configuration (buffers ...). */
    static Outcome run(long seed, int size, Consumer<SimNetwork> impair, WireListener listener,
            java.util.function.UnaryOperator<org.tcplab.api.host.HostConfig.Builder> hosts) {
        SimNetwork net = new SimNetwork(seed);
        if (listener != null) {
            net.addListener(listener);
        }
        Host a = net.host(STACK, "A", "10.0.0.1", hosts);
        Host b = net.host(STACK, "B", "10.0.0.2", hosts);
        impair.accept(net);
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        TcpSocket server = b.tcpSocket();
        server.bind(Endpoint.of("10.0.0.2", 80));
        server.listen(8);
        TcpSocket client = a.tcpSocket();
        client.connect(Endpoint.of("10.0.0.2", 80));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        TcpSocket[] conn = new TcpSocket[1];
        int[] offset = {0};
        boolean[] closed = {false, false};
        String[] failure = {null};
        boolean done = net.runUntil(() -> {
            if (failure[0] != null) {
                return true;
            }
            if (conn[0] == null) {
                Result<TcpSocket> r = server.accept();
                if (r.isOk()) {
                    conn[0] = r.value();
                }
            }
            if (offset[0] < data.length && client.state().isSynchronized()) {
                Result<Integer> r = client.send(ByteBuffer.wrap(data, offset[0], data.length - offset[0]));
                if (r.isOk()) {
                    offset[0] += r.value();
                } else if (r.errno() != org.tcplab.api.tcp.Errno.EAGAIN) {
                    failure[0] = "send: " + r;
                }
            }
            if (offset[0] == data.length && !closed[0]) {
                client.close();
                closed[0] = true;
            }
            if (conn[0] != null && !closed[1]) {
                Result<byte[]> r;
                while ((r = conn[0].recv(1 << 16)).isOk() && r.value().length > 0) {
                    got.writeBytes(r.value());
                }
                if (r.isOk()) {
                    conn[0].close();
                    closed[1] = true;
                } else if (r.errno() != org.tcplab.api.tcp.Errno.EAGAIN) {
                    failure[0] = "recv: " + r;
                }
            }
            return closed[1];
        }, Duration.ofSeconds(600));
        if (!done && failure[0] == null) {
            failure[0] = "not done after 600 s of virtual time: sent " + offset[0] + "/" + size + ", received "
                    + got.size() + ", client " + client.state() + ", server " + (conn[0] == null ? "-" : conn[0].state());
        }
        return new Outcome(data, got.toByteArray(), net.now(), net.stats(), failure[0], a.counters());
    }

    private Transfer() {
    }
}
