package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.api.trace.TraceEvent;
import org.tcplab.policy.linux.internal.LinuxPolicy;

class SmokeTest {

    @Test
    void handshakeTransferAndClose() {
        MemoryNetwork net = new MemoryNetwork();
        MemoryNetwork.MemoryLink[] l = net.link(Duration.ofMillis(5), 0, 1);
        TcpEngine engine = MemoryNetwork.engine(new LinuxPolicy());
        List<String> trace = new ArrayList<>();
        Host a = net.host(engine, HostConfig.builder("a").address("10.0.0.1").link(l[0]).trace(e -> trace.add(e.toString())));
        Host b = net.host(engine, HostConfig.builder("b").address("10.0.0.2").link(l[1]));
        TcpSocket server = b.tcpSocket();
        assertEquals(Result.ok(), server.bind(Endpoint.of("10.0.0.2", 80)));
        assertEquals(Result.ok(), server.listen(5));
        TcpSocket client = a.tcpSocket();
        assertEquals(Errno.EINPROGRESS, client.connect(Endpoint.of("10.0.0.2", 80)).errno());
        net.run(Duration.ofSeconds(1));
        assertEquals(TcpState.ESTABLISHED, client.state(), String.join("\n", trace));
        TcpSocket conn = server.accept().value();
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31);
        int off = 0;
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (int round = 0; round < 10_000 && got.size() < data.length; round++) {
            if (off < data.length) {
                Result<Integer> r = client.send(java.nio.ByteBuffer.wrap(data, off, data.length - off));
                if (r.isOk()) off += r.value();
            }
            net.run(Duration.ofMillis(20));
            Result<byte[]> r;
            while ((r = conn.recv(100_000)).isOk() && r.value().length > 0) got.writeBytes(r.value());
        }
        assertArrayEquals(data, got.toByteArray());
        client.close();
        net.run(Duration.ofSeconds(1));
        assertEquals(0, conn.recv(10).value().length);
        conn.close();
        net.run(Duration.ofSeconds(1));
        assertEquals(TcpState.TIME_WAIT, client.state());
        net.run(Duration.ofSeconds(61));
        assertEquals(TcpState.CLOSED, client.state());
        assertTrue(a.counter(org.tcplab.api.host.Counter.TCP_OUT_SEGS) > 10);
    }
}
