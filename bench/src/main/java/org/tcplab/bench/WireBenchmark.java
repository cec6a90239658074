package org.tcplab.bench;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.TcpPacket;
import org.tcplab.wire.Checksum;
import org.tcplab.wire.Datagram;
import org.tcplab.wire.DatagramView;
import org.tcplab.wire.ParseError;
import org.tcplab.wire.ParseResult;

/**
 * Parse + verify of one IPv4/TCP datagram, tcplab against pcap4j 1.8.2, and the checksum alone.
 *
 * <p>Every variant does the same work: accept the bytes as IPv4 + TCP, verify the IPv4 header checksum and the
 * TCP checksum over the pseudo-header, and read the fields a stack needs (ports, seq, ack, flags, window and, for
 * the SYN, MSS, window scale and TSval). {@code view} is tcplab's hot path (reusable views, no allocation);
 * {@code values} builds immutable values, as pcap4j builds its packet objects.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WireBenchmark {

    private byte[] syn;
    private byte[] data;
    private ByteBuffer synBuf;
    private ByteBuffer dataBuf;
    private final DatagramView view = new DatagramView();
    private Inet4Address src;
    private Inet4Address dst;

    @Setup
    public void setup() throws Exception {
        syn = Packets.syn();
        data = Packets.data1500();
        synBuf = ByteBuffer.wrap(syn);
        dataBuf = ByteBuffer.wrap(data);
        src = (Inet4Address) Inet4Address.getByAddress(new byte[] {(byte) 192, 0, 2, 1});
        dst = (Inet4Address) Inet4Address.getByAddress(new byte[] {(byte) 192, 0, 2, 2});
        // Fail fast if a variant does not accept the bytes.
        if (view.check(synBuf, 0, syn.length, true) != ParseError.NONE
            || view.check(dataBuf, 0, data.length, true) != ParseError.NONE
            || pcap4j(syn) < 0 || pcap4j(data) < 0) {
            throw new IllegalStateException("a parser rejects the benchmark packets");
        }
    }

    @Benchmark
    public long synView() {
        DatagramView v = view;
        if (v.check(synBuf, 0, 60, true) != ParseError.NONE) {
            return -1;
        }
        org.tcplab.wire.TcpPacket t = v.tcp();
        return t.srcPort() + t.dstPort() + t.seq() + t.ack() + t.flags() + t.window() + t.mss() + t.windowScale()
            + t.tsVal();
    }

    @Benchmark
    public Object synValues() {
        ParseResult<Datagram> r = Datagram.parse(synBuf, 0, 60, true);
        return r.isOk() ? r.value() : null;
    }

    @Benchmark
    public long synPcap4j() {
        return pcap4j(syn);
    }

    @Benchmark
    public long data1500View() {
        DatagramView v = view;
        if (v.check(dataBuf, 0, 1500, true) != ParseError.NONE) {
            return -1;
        }
        org.tcplab.wire.TcpPacket t = v.tcp();
        return t.srcPort() + t.dstPort() + t.seq() + t.ack() + t.flags() + t.window() + t.payloadLength();
    }

    @Benchmark
    public Object data1500Values() {
        ParseResult<Datagram> r = Datagram.parse(dataBuf, 0, 1500, true);
        return r.isOk() ? r.value() : null;
    }

    @Benchmark
    public long data1500Pcap4j() {
        return pcap4j(data);
    }

    @Benchmark
    public int checksum1500() {
        return Checksum.compute(dataBuf, 0, 1500);
    }

    /** pcap4j's parse (with the static packet factories) plus its own checksum checks; -1 when rejected. */
    private long pcap4j(byte[] bytes) {
        try {
            IpV4Packet ip = IpV4Packet.newPacket(bytes, 0, bytes.length);
            if (!ip.getHeader().hasValidChecksum(false)) {
                return -1;
            }
            TcpPacket tcp = (TcpPacket) ip.getPayload();
            if (!tcp.hasValidChecksum(src, dst, false)) {
                return -1;
            }
            TcpPacket.TcpHeader h = tcp.getHeader();
            return h.getSrcPort().valueAsInt() + h.getDstPort().valueAsInt() + h.getSequenceNumberAsLong()
                + h.getAcknowledgmentNumberAsLong() + (h.getSyn() ? 1 : 0) + h.getWindowAsInt()
                + h.getOptions().size();
        } catch (IllegalRawDataException e) {
            return -1;
        }
    }
}
