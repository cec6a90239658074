package org.tcplab.link.tun;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.tcplab.api.host.Clock;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.link.Link;
import org.tcplab.api.link.LinkListener;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.Shutdown;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.tcp.internal.TcpEngine;

/**
 * Issue 7's measures, one run, medians of several rounds (run by {@code bundles/link-tun/bench/tun-bench}, as root):
 * <ol>
 * <li>RSTs per second for SYNs to a closed port: tcplab's host on TUN (SYNs handed to the host exactly as the
 * TUN reader hands datagrams over; each RST written to the TUN device) beside the kernel (SYNs written into the
 * same TUN device to the kernel's closed port; each RST read back from it). Both are kept 256 SYNs ahead.</li>
 * <li>Bulk TCP throughput: kernel -> tcplab and tcplab -> kernel over TUN, beside kernel -> kernel over a veth
 * pair between two namespaces with TSO, GSO and GRO off. The kernel's side is kpeer.py in every case.</li>
 * </ol>
 */
public final class TunBench {

    private static final int WINDOW = 256;
    private static final int CLOSED_PORT = 9;
    /** Socket buffers as large as Linux's autotuning maximum for sending (tcp_wmem), 4 MiB. */
    private static final int BUFFER = 4 << 20;

    private TunBench() {
    }

    /** Between the TUN link and the host: lets the bench inject, count RSTs, and keep the host out of the kernel phase. */
    private static final class BenchLink implements Link {
        final TunLink tun;
        volatile LinkListener host;
        volatile boolean kernelPhase;
        final AtomicLong rstsFromKernel = new AtomicLong();

        BenchLink(TunLink tun) {
            this.tun = tun;
        }

        public String name() { return tun.name(); }
        public int mtu() { return tun.mtu(); }
        public void detach() { tun.detach(); }

        public void attach(LinkListener l) {
            host = l;
            tun.attach(d -> {
                if (kernelPhase) {
                    if (TestLink.tcpWith(d, TestLink.RST)) {
                        rstsFromKernel.incrementAndGet();
                    }
                    return;
                }
                l.received(d);
            });
        }

        public boolean send(ByteBuffer d) {
            return tun.send(d);
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        int megabytes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        if (RootOnly.effectiveUid() != 0) {
            System.err.println("tun-bench needs root (TUN, network namespaces)");
            System.exit(2);
        }
        try (Netns ns = Netns.create()) {
            TunLink tun = TunLink.open(TunSettings.of(TunLinkIT.freshName(), KernelPeer.KERNEL + "/24", KernelPeer.TCPLAB)
                .withNetns(ns.name));
            BenchLink link = new BenchLink(tun);
            Host host = TcpEngine.of(new LinuxPolicy()).newHost(HostConfig.builder("bench").address(KernelPeer.TCPLAB)
                .link(link).clock(Clock.monotonic()).sendBuffer(BUFFER).receiveBuffer(BUFFER).build());
            try {
                // One round of each first, not counted: the JIT compiles tcplab's paths during it.
                kernelRsts(link, seconds);
                tcplabRsts(link, seconds);
                double[] kernel = new double[rounds];
                double[] tcplab = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    kernel[r] = kernelRsts(link, seconds);
                    tcplab[r] = tcplabRsts(link, seconds);
                }
                System.out.printf("RSTs/s for SYNs to a closed port over TUN (median of %d x %.1f s):%n", rounds, seconds);
                System.out.printf("  kernel %,12.0f   rounds %s%n", median(kernel), show(kernel));
                System.out.printf("  tcplab %,12.0f   rounds %s%n", median(tcplab), show(tcplab));
                System.out.printf("  tcplab/kernel = %.2fx (goal >= 1.0x)%n%n", median(tcplab) / median(kernel));

                double[] k2t = new double[rounds];
                double[] t2k = new double[rounds];
                double[] veth = new double[rounds];
                long bytes = megabytes * 1_000_000L;
                long tunDropsBefore = tunTxDropped(ns, tun);
                kernelToTcplab(ns, host, bytes / 4, 5200);
                tcplabToKernel(ns, host, bytes / 4, 5300);
                for (int r = 0; r < rounds; r++) {
                    k2t[r] = kernelToTcplab(ns, host, bytes, 5201 + r);
                    t2k[r] = tcplabToKernel(ns, host, bytes, 5301 + r);
                    veth[r] = kernelToKernelOverVeth(bytes);
                }
                System.out.printf("Bulk TCP, %d MB, Mbit/s (median of %d):%n", megabytes, rounds);
                System.out.printf("  kernel -> tcplab over TUN  %,8.0f   rounds %s%n", median(k2t), show(k2t));
                System.out.printf("  tcplab -> kernel over TUN  %,8.0f   rounds %s%n", median(t2k), show(t2k));
                System.out.printf("  kernel -> kernel over veth %,8.0f   rounds %s   (TSO, GSO, GRO off)%n", median(veth), show(veth));
                System.out.printf("  kernel->tcplab / veth = %.2fx, tcplab->kernel / veth = %.2fx (goal >= 0.5x)%n",
                    median(k2t) / median(veth), median(t2k) / median(veth));
                // Where segments were lost over TUN, if anywhere: the kernel's queue towards the reader, and tcplab.
                System.out.printf("  (bulk over TUN, all rounds: the kernel dropped %d datagrams at the TUN queue, tcplab retransmitted %d segments)%n",
                    tunTxDropped(ns, tun) - tunDropsBefore, host.counter(org.tcplab.api.host.Counter.TCP_RETRANS_SEGS));
            } finally {
                host.close();
                tun.close();
            }
        }
    }

    /** Datagrams the kernel could not queue towards the TUN reader (the device's tx_dropped). */
    private static long tunTxDropped(Netns ns, TunLink tun) {
        return Long.parseLong(Netns.Run.check("ip", "netns", "exec", ns.name, "cat",
            "/sys/class/net/" + tun.name() + "/statistics/tx_dropped").output().strip());
    }

    /** SYNs from many source ports to a closed port; {@code src -> dst}. */
    private static ByteBuffer[] syns(String src, String dst) {
        ByteBuffer[] s = new ByteBuffer[4096];
        for (int i = 0; i < s.length; i++) {
            s[i] = ByteBuffer.wrap(Segments.tcp(src, 20000 + i, dst, CLOSED_PORT, 1000L * i, 0, TestLink.SYN, 65535,
                new byte[0]));
        }
        return s;
    }

    private static double kernelRsts(BenchLink link, double seconds) {
        ByteBuffer[] syns = syns(KernelPeer.TCPLAB, KernelPeer.KERNEL);
        link.kernelPhase = true;
        try {
            return drive(seconds, link.rstsFromKernel::get, i -> link.tun.send(syns[i % syns.length].duplicate()));
        } finally {
            link.kernelPhase = false;
        }
    }

    private static double tcplabRsts(BenchLink link, double seconds) {
        ByteBuffer[] syns = syns(KernelPeer.KERNEL, KernelPeer.TCPLAB);
        // Counted when written to the TUN device.
        return drive(seconds, link.tun::sent, i -> link.host.received(syns[i % syns.length].duplicate()));
    }

    /** Keeps {@link #WINDOW} SYNs ahead of the answers counted in {@code answers}; answers per second. */
    private static double drive(double seconds, java.util.function.LongSupplier answers,
            java.util.function.IntConsumer sendSyn) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long base = answers.getAsLong();
        long sent = 0;
        long lastProgress = start;
        long lastAnswers = 0;
        while (true) {
            long now = System.nanoTime();
            if (now - end >= 0) {
                break;
            }
            long got = answers.getAsLong() - base;
            if (got != lastAnswers) {
                lastAnswers = got;
                lastProgress = now;
            } else if (now - lastProgress > 50_000_000L) {
                sent = got; // answers lost (a full queue somewhere): forget them and go on
                lastProgress = now;
            }
            if (sent - got < WINDOW) {
                sendSyn.accept((int) sent);
                sent++;
            } else {
                Thread.onSpinWait();
            }
        }
        return (answers.getAsLong() - base) / ((System.nanoTime() - start) / 1e9);
    }

    private static double kernelToTcplab(Netns ns, Host host, long bytes, int port) throws Exception {
        TcpSocket l = host.tcpSocket();
        require(l.bind(Endpoint.of(KernelPeer.TCPLAB, port)));
        require(l.listen(1));
        Process p = ns.start(ns.kpeerCommand("source", KernelPeer.TCPLAB, Integer.toString(port), "--bytes",
            Long.toString(bytes), "--timeout", "120"));
        TcpSocket c = l.accept(Duration.ofSeconds(30)).toCompletableFuture().get().value();
        // Read into one buffer, as the kernel's side (kpeer.py recv_into) does.
        ByteBuffer sink = ByteBuffer.allocate(1 << 20);
        long got = 0;
        while (true) {
            Result<Integer> r = c.recv(sink.clear(), Duration.ofSeconds(30)).toCompletableFuture().get();
            if (!r.isOk() || r.value() == 0) {
                break;
            }
            got += r.value();
        }
        c.close();
        l.close();
        String result = lastLine(p);
        if (got != bytes) {
            throw new IllegalStateException("tcplab received " + got + " of " + bytes + ": " + result);
        }
        return mbits(result);
    }

    private static double tcplabToKernel(Netns ns, Host host, long bytes, int port) throws Exception {
        Process p = ns.start(ns.kpeerCommand("sink", KernelPeer.KERNEL, Integer.toString(port), "--timeout", "120"));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        out.readLine(); // listening
        TcpSocket s = host.tcpSocket();
        require(s.connect(Endpoint.of(KernelPeer.KERNEL, port), Duration.ofSeconds(30)).toCompletableFuture().get());
        ByteBuffer block = ByteBuffer.wrap(Streams.stream("bench", 1 << 20));
        long left = bytes;
        while (left > 0) {
            // The blocking send: the bench's thread sleeps until the host has queued the block. (Polling the
            // non-blocking send on EAGAIN with Thread.yield kept a third thread busy on two cores, taking CPU from
            // the host's event loop and the kernel.)
            block.clear().limit((int) Math.min(left, block.capacity()));
            Result<Integer> r = s.send(block, Duration.ofSeconds(30)).toCompletableFuture().get();
            if (!r.isOk()) {
                throw new IllegalStateException(r.toString());
            }
            left -= r.value();
        }
        require(s.shutdown(Shutdown.WR));
        String result = out.readLine();
        s.close();
        return mbits(result);
    }

    private static double kernelToKernelOverVeth(long bytes) throws Exception {
        try (Netns a = Netns.create(); Netns b = Netns.create()) {
            String va = "tbv" + a.name.substring(a.name.length() - 8, a.name.length() - 2);
            String vb = va + "p";
            Netns.Run.check("ip", "-n", a.name, "link", "add", va, "type", "veth", "peer", "name", vb, "netns", b.name);
            Netns.Run.check("ip", "-n", a.name, "addr", "add", "198.51.100.1/24", "dev", va);
            Netns.Run.check("ip", "-n", b.name, "addr", "add", "198.51.100.2/24", "dev", vb);
            for (Netns n : new Netns[] {a, b}) {
                String dev = n == a ? va : vb;
                Netns.Run.check("ip", "netns", "exec", n.name, "ethtool", "-K", dev, "tso", "off", "gso", "off", "gro", "off");
                Netns.Run.check("ip", "-n", n.name, "link", "set", dev, "up");
            }
            Process sink = b.start(b.kpeerCommand("sink", "198.51.100.2", "5400", "--timeout", "120"));
            BufferedReader out = new BufferedReader(new InputStreamReader(sink.getInputStream(), StandardCharsets.UTF_8));
            out.readLine(); // listening
            Netns.Run src = a.kpeer("source", "198.51.100.2", "5400", "--bytes", Long.toString(bytes), "--timeout", "120");
            if (src.status() != 0) {
                throw new IllegalStateException(src.output());
            }
            return mbits(out.readLine());
        }
    }

    private static double mbits(String json) {
        return Double.parseDouble(Streams.field(json, "bytes")) * 8 / Double.parseDouble(Streams.field(json, "seconds")) / 1e6;
    }

    private static void require(Result<?> r) {
        if (!r.isOk()) {
            throw new IllegalStateException(r.toString());
        }
    }

    private static String lastLine(Process p) throws Exception {
        String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        String[] lines = all.split("\n");
        return lines[lines.length - 1];
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String show(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            b.append(b.length() == 0 ? "" : " ").append(String.format("%.0f", x));
        }
        return b.toString();
    }
}
