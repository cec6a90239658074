package org.tcplab.scenarios.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tcplab.api.host.Host;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.api.tcp.TcpStack;
import org.tcplab.link.sim.SimNetwork;

/**
 * The measures of issue 6, from one run: bulk throughput and handshakes per second between two tcplab hosts on
 * the simulated network (MTU 1500, no delay, so the CPU is the limit), the same two figures for the kernel's
 * loopback TCP with its offloads off ({@link KernelSide}), and the heap that idle established connections cost.
 * Wall-clock times: a benchmark, never a test.
 */
final class Bench {

    /** Every round of each measure, in the order taken; the report gives their medians. */
    record Figures(double[] simGbps, double[] simHandshakes, KernelSide.Figures kernel, int idleConnections,
            double heapPerConnection) {
    }

    private final TcpStack stack;
    private final String policy;

    Bench(TcpStack stack, String policy) {
        this.stack = stack;
        this.policy = policy;
    }

    /** The bench's network: no delay, so the CPU is the limit (bench --signed uses it too). */
    static SimNetwork net(long seed) {
        return new SimNetwork(seed).defaultDelay(Duration.ZERO);
    }

    /** A bulk host: this bench's policy, 4 MB send and receive buffers (bench --signed uses it too). */
    Host host(SimNetwork net, String name, String address) {
        return net.host(stack, name, address, b -> b.policy(policy).receiveBuffer(4 << 20).sendBuffer(4 << 20));
    }

    /** Bytes moved from A to B over the simulated link per wall second, in Gbit/s. */
    double simBulk(long bytes) {
        SimNetwork net = net(1);
        Host a = host(net, "A", "10.0.0.1");
        Host b = host(net, "B", "10.0.0.2");
        TcpSocket l = b.tcpSocket();
        l.bind(Endpoint.of("10.0.0.2", 80));
        l.listen(1);
        TcpSocket c = a.tcpSocket();
        c.connect(Endpoint.of("10.0.0.2", 80));
        net.runUntil(() -> c.state() == TcpState.ESTABLISHED, Duration.ofSeconds(5));
        TcpSocket s = l.accept().value();
        return transfer(net, c, s, bytes);
    }

    /**
     * Moves {@code bytes} from {@code from} to {@code to} over {@code net}, writing 1 MB at a time and reading into
     * one buffer, as an application reads a socket (the kernel side reads into one array too): Gbit/s of wall time,
     * counted at the receiver. IllegalStateException when no byte arrives for 10 seconds.
     */
    static double transfer(SimNetwork net, TcpSocket from, TcpSocket to, long bytes) {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        ByteBuffer sink = ByteBuffer.allocate(1 << 20);
        long sent = 0;
        long received = 0;
        long start = System.nanoTime();
        long progress = 0;
        long progressAt = start;
        for (int i = 0; received < bytes; i++) {
            if ((i & 1023) == 0) {
                long now = System.nanoTime();
                if (received > progress) {
                    progress = received;
                    progressAt = now;
                } else if (now - progressAt > 10_000_000_000L) {
                    throw new IllegalStateException("the transfer stalled at " + received + " bytes");
                }
            }
            if (sent < bytes) {
                chunk.clear();
                Result<Integer> r = from.send(chunk);
                if (r.isOk()) {
                    sent += r.value();
                }
            }
            net.step();
            Result<Integer> r;
            while ((r = to.recv(sink.clear())).isOk() && r.value() > 0) {
                received += r.value();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return received * 8 / seconds / 1e9;
    }

    /** Complete open (connect, accept) and close cycles per wall second on the simulated link. */
    double simHandshakes(int n) {
        SimNetwork net = net(2);
        Host a = host(net, "A", "10.0.0.1");
        Host b = host(net, "B", "10.0.0.2");
        TcpSocket l = b.tcpSocket();
        l.bind(Endpoint.of("10.0.0.2", 80));
        l.listen(128);
        // The addresses are parsed once: the loop measures the stack, not the bench's string handling.
        int aAddr = Endpoint.parseAddress("10.0.0.1");
        Endpoint server = Endpoint.of("10.0.0.2", 80);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            TcpSocket c = a.tcpSocket();
            c.bind(new Endpoint(aAddr, 1024 + i % 60000));
            c.connect(server);
            Result<TcpSocket>[] acc = new Result[1];
            net.runUntil(() -> c.state() == TcpState.ESTABLISHED && (acc[0] = l.accept()).isOk(), Duration.ofSeconds(5));
            // SO_LINGER 0 on both ends: no TIME-WAIT left behind to collide with a later port.
            c.setOption(org.tcplab.api.socket.SocketOption.SO_LINGER, Duration.ZERO);
            c.close();
            acc[0].value().close();
            net.runFor(Duration.ofMillis(1));
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** Heap per idle established connection (both ends counted as one connection), in bytes. */
    double heapPerIdleConnection(int n, List<Object> keep) {
        SimNetwork net = net(3);
        Host b = net.host(stack, "B", "10.0.0.2", x -> x.policy(policy));
        TcpSocket l = b.tcpSocket();
        l.bind(Endpoint.of("10.0.0.2", 80));
        l.listen(4096);
        // 1,000 connections per client host: ports 1024.. of each client (a host has 64,511 ports).
        int perClient = 1_000;
        List<Host> clients = new ArrayList<>();
        for (int i = 0; i * perClient < n; i++) {
            clients.add(net.host(stack, "C" + i, "10.1." + (i / 250) + "." + (i % 250 + 1), x -> x.policy(policy)));
        }
        keep.add(net);
        long before = usedHeap();
        List<TcpSocket> sockets = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            Host c = clients.get(i / perClient);
            TcpSocket s = c.tcpSocket();
            s.bind(new Endpoint(c.addresses().get(0), 1024 + i % perClient));
            s.connect(Endpoint.of("10.0.0.2", 80));
            sockets.add(s);
            if (i % 1000 == 999 || i == n - 1) {
                net.runFor(Duration.ofMillis(50));
                Result<TcpSocket> r;
                while ((r = l.accept()).isOk()) {
                    sockets.add(r.value());
                }
            }
        }
        net.runFor(Duration.ofSeconds(1));
        Result<TcpSocket> r;
        while ((r = l.accept()).isOk()) {
            sockets.add(r.value());
        }
        long established = sockets.stream().filter(s -> s.state() == TcpState.ESTABLISHED).count();
        if (established != 2L * n) {
            throw new IllegalStateException("only " + established + " of " + 2 * n + " endpoints established");
        }
        long after = usedHeap();
        keep.add(sockets);
        return (after - before) / (double) n;
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    Figures run(long bulkBytes, int handshakes, int idle, int rounds) throws IOException, InterruptedException {
        // One whole round of each first, not reported: shorter warm-ups left the first rounds still being compiled.
        simBulk(bulkBytes);
        simHandshakes(handshakes);
        double[] simGbps = new double[rounds];
        double[] simHs = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            simGbps[i] = simBulk(bulkBytes);
            simHs[i] = simHandshakes(handshakes);
        }
        KernelSide.Figures kernel = KernelSide.measure(bulkBytes, handshakes / 2, rounds);
        List<Object> keep = new ArrayList<>();
        double heap = idle > 0 ? heapPerIdleConnection(idle, keep) : Double.NaN;
        keep.clear();
        return new Figures(simGbps, simHs, kernel, idle, heap);
    }

    static double median(double[] rounds) {
        double[] sorted = rounds.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String rounds(double[] figures, String format) {
        StringBuilder sb = new StringBuilder();
        for (double f : figures) {
            sb.append(' ').append(String.format(format, f));
        }
        return sb.toString();
    }

    static String report(Figures f) {
        StringBuilder sb = new StringBuilder();
        double sim = median(f.simGbps());
        double kernel = median(f.kernel().bulkGbps());
        double hs = median(f.simHandshakes());
        double kcps = median(f.kernel().connectsPerSecond());
        int n = f.simGbps().length;
        sb.append(String.format("medians of %d rounds; kernel: %s%n", n, f.kernel().where()));
        sb.append(String.format("bulk, Gbit/s:          tcplab over the simulated link (MTU 1500) %7.2f   kernel loopback %7.2f   ratio %.2fx (goal >= 1.0x)%n",
                sim, kernel, sim / kernel));
        if (f.kernel().bulkMtu1500Gbps().length > 0) {
            double k1500 = median(f.kernel().bulkMtu1500Gbps());
            sb.append(String.format("                       kernel loopback at MTU 1500 %7.2f   ratio %.2fx (like for like, no goal)%n",
                    k1500, sim / k1500));
        }
        sb.append(String.format("open+close per second: tcplab over the simulated link %9.0f          kernel loopback %7.0f   ratio %.2fx (goal >= 10x)%n",
                hs, kcps, hs / kcps));
        if (f.idleConnections() > 0) {
            sb.append(String.format("heap per idle established connection (%d open, both ends): %.0f bytes (goal <= 2048)%n",
                    f.idleConnections(), f.heapPerConnection()));
        }
        sb.append("rounds: tcplab bulk").append(rounds(f.simGbps(), "%.2f"))
                .append(" | kernel bulk").append(rounds(f.kernel().bulkGbps(), "%.2f"));
        if (f.kernel().bulkMtu1500Gbps().length > 0) {
            sb.append(" | kernel bulk MTU 1500").append(rounds(f.kernel().bulkMtu1500Gbps(), "%.2f"));
        }
        sb.append(" | tcplab open+close").append(rounds(f.simHandshakes(), "%.0f"))
                .append(" | kernel open+close").append(rounds(f.kernel().connectsPerSecond(), "%.0f"));
        return sb.toString();
    }
}
