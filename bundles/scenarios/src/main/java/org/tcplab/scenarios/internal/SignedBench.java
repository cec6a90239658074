package org.tcplab.scenarios.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.tcplab.api.host.Host;
import org.tcplab.api.sign.AoAddKey;
import org.tcplab.api.sign.AoAlgorithm;
import org.tcplab.api.sign.AuthOptions;
import org.tcplab.api.sign.Md5Key;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.api.tcp.TcpStack;
import org.tcplab.link.sim.SimNetwork;
import org.tcplab.link.sim.WireEvent;
import org.tcplab.link.sim.WireListener;

/**
 * Issue 8's throughput measure, {@code bench --signed}: bulk transfer between two hosts on the simulated link (MTU
 * 1500, no delay, so the CPU is the limit) unsigned, with TCP-MD5, and with TCP-AO under each algorithm, the keys
 * set through the socket API into the stack's signers. The modes take turns within each round, so a busy machine
 * slows them alike; the report gives each mode's median and its ratio to the unsigned median. Wall-clock times: a
 * benchmark, never a test.
 */
final class SignedBench {

    /** How a bulk connection is keyed. */
    enum Mode {
        UNSIGNED("unsigned"),
        MD5("TCP-MD5"),
        AO_HMAC_SHA_1_96("TCP-AO hmac(sha1)"),
        AO_AES_128_CMAC_96("TCP-AO cmac(aes128)");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    /** One mode's results: Gbit/s per round, or why it could not run. */
    record Measure(Mode mode, double[] gbps, String refused) {
        double median() {
            return gbps.length == 0 ? Double.NaN : Bench.median(gbps);
        }
    }

    static final String USAGE = "bench --signed [--bulk-mb N] [--rounds N]";
    private static final Endpoint A = Endpoint.of("10.0.0.1", 40000);
    private static final Endpoint B = Endpoint.of("10.0.0.2", 179);
    private static final byte[] SECRET = "tcplab bench key".getBytes(StandardCharsets.US_ASCII);

    /** The unsigned bench's network and hosts, so that the unsigned mode here is that bench's bulk measure. */
    private final Bench hosts;

    SignedBench(TcpStack stack, String policy) {
        this.hosts = new Bench(stack, policy);
    }

    /** The shell's {@code bench --signed ...}: parses the rest of the arguments, runs, reports. */
    static String command(TcpStack stack, String policy, String... args) {
        Map<String, Long> given = NumberOptions.parse(args, Map.of(
                "--bulk-mb", new NumberOptions.Range(1, 100_000),
                "--rounds", new NumberOptions.Range(1, 101)), USAGE);
        long bulkMb = given.getOrDefault("--bulk-mb", 128L);
        int rounds = given.getOrDefault("--rounds", 5L).intValue();
        SignedBench bench = new SignedBench(stack, policy);
        return report(bench.run(bulkMb << 20, rounds), bulkMb, rounds);
    }

    /** Every mode once per round after one warm-up round of an eighth of the size; modes in turn. */
    Map<Mode, Measure> run(long bytes, int rounds) {
        Map<Mode, List<Double>> got = new EnumMap<>(Mode.class);
        Map<Mode, String> refused = new EnumMap<>(Mode.class);
        for (int r = -1; r < rounds; r++) {
            for (Mode m : Mode.values()) {
                if (refused.containsKey(m)) {
                    continue;
                }
                try {
                    double g = bulk(m, r < 0 ? Math.max(1, bytes / 8) : bytes);
                    if (r >= 0) {
                        got.computeIfAbsent(m, k -> new ArrayList<>()).add(g);
                    }
                } catch (IllegalStateException e) {
                    refused.put(m, e.getMessage());
                }
            }
        }
        Map<Mode, Measure> out = new EnumMap<>(Mode.class);
        for (Mode m : Mode.values()) {
            double[] g = got.getOrDefault(m, List.of()).stream().mapToDouble(Double::doubleValue).toArray();
            out.put(m, new Measure(m, g, refused.get(m)));
        }
        return out;
    }

    /**
     * Bytes moved from A to B in {@code mode} per wall second, in Gbit/s. IllegalStateException when the stack
     * refuses the keys (no such signer) or the connection turns out not to be signed as asked.
     */
    double bulk(Mode mode, long bytes) {
        SimNetwork net = Bench.net(1);
        Host a = hosts.host(net, "A", "10.0.0.1");
        Host b = hosts.host(net, "B", "10.0.0.2");
        // The handshake's segments: the signature option kind of the first, and how many differed from it.
        int[] options = {-1, 0};
        WireListener handshake = e -> {
            if (e instanceof WireEvent.Sent s && options[0] < 0) {
                options[0] = kindOf(s.bytes());
            } else if (e instanceof WireEvent.Sent s && kindOf(s.bytes()) != options[0]) {
                options[1]++;
            }
        };
        net.addListener(handshake);
        TcpSocket l = b.tcpSocket();
        TcpSocket c = a.tcpSocket();
        try {
            check(mode, l.bind(B));
            key(mode, l, A, 2, 1);
            check(mode, l.listen(1));
            check(mode, c.bind(A));
            key(mode, c, B, 1, 2);
            c.connect(B);
            net.runUntil(() -> c.state() == TcpState.ESTABLISHED, Duration.ofSeconds(5));
            Result<TcpSocket> accepted = l.accept();
            check(mode, accepted);
            TcpSocket s = accepted.value();
            int want = switch (mode) {
                case UNSIGNED -> 0;
                case MD5 -> 19;
                default -> 29;
            };
            if (options[0] != want || options[1] != 0) {
                throw new IllegalStateException("the handshake was not signed as " + mode.label + " asks");
            }
            net.removeListener(handshake); // not a cost of the measure
            try {
                return Bench.transfer(net, c, s, bytes);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(mode.label + ": " + e.getMessage(), e);
            } finally {
                s.close();
            }
        } finally {
            c.close(); // the keys leave the stack's signers with the sockets
            l.close();
        }
    }

    /** The signature option kind a TCP datagram carries: 19, 29, or 0. */
    private static int kindOf(byte[] d) {
        ByteBuffer b = ByteBuffer.wrap(d);
        int ihl = (b.get(0) & 0x0F) * 4;
        AuthOptions found = AuthOptions.locate(b, ihl, d.length - ihl);
        return found.md5At() >= 0 ? AuthOptions.KIND_MD5 : found.aoAt() >= 0 ? AuthOptions.KIND_AO : 0;
    }

    private static void key(Mode mode, TcpSocket s, Endpoint peer, int sendId, int recvId) {
        Result<Void> r = switch (mode) {
            case UNSIGNED -> Result.ok();
            case MD5 -> s.setOption(SocketOption.TCP_MD5SIG, Md5Key.forPeer(peer.address(), SECRET));
            case AO_HMAC_SHA_1_96 -> s.setOption(SocketOption.TCP_AO_ADD_KEY,
                    AoAddKey.forPeer(sendId, recvId, AoAlgorithm.HMAC_SHA_1_96, peer.address(), SECRET));
            case AO_AES_128_CMAC_96 -> s.setOption(SocketOption.TCP_AO_ADD_KEY,
                    AoAddKey.forPeer(sendId, recvId, AoAlgorithm.AES_128_CMAC_96, peer.address(), SECRET));
        };
        check(mode, r);
    }

    private static void check(Mode mode, Result<?> r) {
        if (!r.isOk()) {
            throw new IllegalStateException(mode.label + ": " + r.errno()
                    + (r.errno() == org.tcplab.api.tcp.Errno.ENOPROTOOPT ? " (no such signer in this stack)" : ""));
        }
    }

    static String report(Map<Mode, Measure> m, long bulkMb, int rounds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("signed bulk over the simulated link, MTU 1500, %d MB x %d rounds, modes in turn:%n",
                bulkMb, rounds));
        double unsigned = m.get(Mode.UNSIGNED).median();
        for (Measure x : m.values()) {
            if (x.refused() != null) {
                sb.append(String.format("  %-20s not measured: %s%n", x.mode().label, x.refused()));
                continue;
            }
            double[] s = x.gbps().clone();
            Arrays.sort(s);
            sb.append(String.format("  %-20s median %6.2f Gbit/s (%.2f..%.2f)", x.mode().label, x.median(), s[0],
                    s[s.length - 1]));
            if (x.mode() != Mode.UNSIGNED) {
                sb.append(String.format("   %.2fx unsigned (goal >= 0.5x)", x.median() / unsigned));
            }
            sb.append(String.format("%n"));
        }
        return sb.toString().stripTrailing();
    }
}
