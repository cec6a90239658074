package org.tcplab.scenarios.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * The kernel's side of the benchmark: bulk TCP and connect/accept/close cycles over 127.0.0.1 with plain JDK
 * sockets. It uses nothing but the JDK, so that {@link KernelSide} can run it as a program of its own inside a
 * network namespace whose loopback has its offloads turned off:
 * {@code java -cp DIR org.tcplab.scenarios.internal.KernelLoopback bulk BYTES ROUNDS} prints one line
 * {@code bulk-gbps R1 R2 ...}, {@code ... connects N ROUNDS} prints {@code connects-per-second R1 R2 ...}.
 */
public final class KernelLoopback {

    private KernelLoopback() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !(args[0].equals("bulk") || args[0].equals("connects"))) {
            System.err.println("usage: KernelLoopback bulk BYTES ROUNDS | connects N ROUNDS");
            System.exit(2);
        }
        long size = Long.parseLong(args[1]);
        int rounds = Integer.parseInt(args[2]);
        boolean bulk = args[0].equals("bulk");
        // One whole round first, not reported, as for tcplab's side.
        double[] figures = new double[rounds + 1];
        for (int i = 0; i <= rounds; i++) {
            figures[i] = bulk ? bulk(size) : connects((int) size);
        }
        figures = Arrays.copyOfRange(figures, 1, figures.length);
        System.out.println((bulk ? "bulk-gbps" : "connects-per-second") + " "
                + String.join(" ", Arrays.stream(figures).mapToObj(Double::toString).toList()));
    }

    /** Bytes from one socket to another over 127.0.0.1 per wall second, in Gbit/s, counted at the reader. */
    static double bulk(long bytes) throws IOException, InterruptedException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long[] got = {0};
            IOException[] failed = {null};
            Thread reader = new Thread(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    byte[] buf = new byte[1 << 20];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        got[0] += n;
                    }
                } catch (IOException e) {
                    failed[0] = e;
                }
            }, "bench-reader");
            reader.start();
            long start = System.nanoTime();
            try (Socket c = new Socket()) {
                c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                OutputStream out = c.getOutputStream();
                byte[] buf = new byte[1 << 20];
                for (long sent = 0; sent < bytes; sent += buf.length) {
                    out.write(buf, 0, (int) Math.min(buf.length, bytes - sent));
                }
            }
            reader.join();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failed[0] != null) {
                throw new IOException("the kernel loopback reader failed: " + failed[0].getMessage(), failed[0]);
            }
            if (got[0] != bytes) {
                throw new IOException("the kernel loopback reader got " + got[0] + " of " + bytes + " bytes");
            }
            return got[0] * 8 / seconds / 1e9;
        }
    }

    /** Connect, accept and close (SO_LINGER 0 on both ends, as the tcplab side does) cycles per second. */
    static double connects(int n) throws IOException {
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
}
