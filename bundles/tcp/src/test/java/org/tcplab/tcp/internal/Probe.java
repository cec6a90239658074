package org.tcplab.tcp.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.tcplab.api.socket.Endpoint;
import org.tcplab.wire.Datagram;
import org.tcplab.wire.ParseResult;
import org.tcplab.wire.TcpRepr;

/**
 * A hand-driven peer on the far end of a memory link: it sends segments written in RFC notation from any
 * address and port, and records what the host sends back.
 */
final class Probe {

    private final MemoryNetwork.MemoryLink end;
    final List<Datagram> received = new ArrayList<>();

    Probe(MemoryNetwork.MemoryLink end) {
        this.end = end;
        end.attach(b -> {
            byte[] copy = new byte[b.remaining()];
            b.duplicate().get(copy);
            ParseResult<Datagram> d = Datagram.parse(ByteBuffer.wrap(copy));
            if (!d.isOk()) {
                throw new AssertionError("the host sent a malformed datagram: " + d.error());
            }
            received.add(d.value());
        });
    }

    /** Sends {@code rfc} from {@code from} to {@code to}. */
    void send(Endpoint from, Endpoint to, String rfc) {
        end.send(ByteBuffer.wrap(bytes(from, to, rfc)));
    }

    static byte[] bytes(Endpoint from, Endpoint to, String rfc) {
        Segment s = Rfc.seg(from.port(), to.port(), rfc);
        ByteBuffer b = ByteBuffer.allocate(2000);
        int n = Datagram.emitTcp(b, 0, from.address(), to.address(), 64, TcpHost.toRepr(s));
        byte[] out = new byte[n];
        b.get(0, out);
        return out;
    }

    /** Sends raw bytes as they are. */
    void sendRaw(byte[] datagram) {
        end.send(ByteBuffer.wrap(datagram));
    }

    /** The TCP segments received since the last call, as {@code src > dst <SEQ=..>...}, then forgets them. */
    List<String> segments() {
        List<String> out = new ArrayList<>();
        for (Datagram d : received) {
            if (d.payload() instanceof TcpRepr t) {
                out.add(new Endpoint(d.ip().src(), t.srcPort()) + " > " + new Endpoint(d.ip().dst(), t.dstPort()) + " "
                        + TcpHost.toSegment(t));
            } else {
                out.add(d.toString());
            }
        }
        received.clear();
        return out;
    }
}
