package org.tcplab.scenarios.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
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
 * loopback TCP measured in the same JVM with plain sockets, and the heap that idle established connections cost.
 * Wall-clock times: a benchmark, never a test.
 */
final class Bench {

    record Figures(double simGbps, double simHandshakes, double kernelGbps, double kernelConnects,
            int idleConnections, double heapPerConnection) {
    }

    private final TcpStack stack;
    private final String policy;

    Bench(TcpStack stack, String policy) {
        this.stack = stack;
        this.policy = policy;
    }

    private SimNetwork net(long seed) {
        return new SimNetwork(seed).defaultDelay(Duration.ZERO);
    }

    private Host host(SimNetwork net, String name, String address) {
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
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        long sent = 0;
        long received = 0;
        long start = System.nanoTime();
        while (received < bytes) {
            if (sent < bytes) {
                chunk.clear();
                Result<Integer> r = c.send(chunk);
                if (r.isOk()) {
                    sent += r.value();
                }
            }
            net.step();
            Result<byte[]> r;
            while ((r = s.recv(1 << 20)).isOk() && r.value().length > 0) {
                received += r.value().length;
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

    /** The kernel's loopback TCP, bulk, through plain JDK sockets in this JVM, in Gbit/s. */
    static double kernelBulk(long bytes) throws IOException, InterruptedException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long[] got = {0};
            Thread reader = new Thread(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    byte[] buf = new byte[1 << 20];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        got[0] += n;
                    }
                } catch (IOException e) {
                    got[0] = -1;
                }
            }, "bench-reader");
            reader.start();
            long start = System.nanoTime();
            try (Socket c = new Socket()) {
                c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                OutputStream out = c.getOutputStream();
                byte[] buf = new byte[1 << 20];
                for (long sent = 0; sent < bytes; sent += buf.length) {
                    out.write(buf);
                }
            }
            reader.join();
            double seconds = (System.nanoTime() - start) / 1e9;
            return got[0] * 8 / seconds / 1e9;
        }
    }

    /** Connect, accept, close cycles per second on the kernel's loopback. */
    static double kernelConnects(int n) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress())) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                try (Socket c = new Socket()) {
                    c.setSoLinger(true, 0);
                    c.connect(to);
                    try (Socket s = server.accept()) {
                        s.setSoLinger(true, 0);
                    }
                }
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
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

    Figures run(long bulkBytes, int handshakes, int idle) throws IOException, InterruptedException {
        simBulk(bulkBytes / 8); // warm-up
        double simGbps = simBulk(bulkBytes);
        simHandshakes(handshakes / 4);
        double simHs = simHandshakes(handshakes);
        kernelBulk(bulkBytes / 8);
        double kGbps = kernelBulk(bulkBytes);
        kernelConnects(handshakes / 10);
        double kCps = kernelConnects(handshakes / 2);
        List<Object> keep = new ArrayList<>();
        double heap = idle > 0 ? heapPerIdleConnection(idle, keep) : Double.NaN;
        keep.clear();
        return new Figures(simGbps, simHs, kGbps, kCps, idle, heap);
    }

    static String report(Figures f) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("bulk, MTU 1500:        tcplab over the simulated link %8.2f Gbit/s   kernel loopback %8.2f Gbit/s   ratio %.2fx (goal >= 1.0x)%n",
                f.simGbps(), f.kernelGbps(), f.simGbps() / f.kernelGbps()));
        sb.append(String.format("open+close per second: tcplab over the simulated link %8.0f          kernel loopback %8.0f          ratio %.2fx (goal >= 10x)%n",
                f.simHandshakes(), f.kernelConnects(), f.simHandshakes() / f.kernelConnects()));
        if (f.idleConnections() > 0) {
            sb.append(String.format("heap per idle established connection (%d open, both ends): %.0f bytes (goal <= 2048)%n",
                    f.idleConnections(), f.heapPerConnection()));
        }
        sb.append("kernel figures: JDK sockets on 127.0.0.1 in this JVM, with the loopback's offloads as the machine has them");
        return sb.toString();
    }
}
