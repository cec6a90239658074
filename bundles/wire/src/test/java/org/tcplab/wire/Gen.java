package org.tcplab.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random but valid values from a seeded {@link Random}, for round trips, tshark and fuzz seeds. */
final class Gen {

    private final Random r;

    Gen(long seed) {
        r = new Random(seed);
    }

    int u16() {
        return r.nextInt(0x10000);
    }

    long u32() {
        return r.nextInt() & 0xFFFF_FFFFL;
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** One option that fits in {@code room} bytes, or null when none fits. */
    TcpOption option(int room) {
        for (int attempt = 0; attempt < 8; attempt++) {
            TcpOption o;
            switch (r.nextInt(10)) {
                case 0: o = TcpOption.Nop.INSTANCE; break;
                case 1: o = new TcpOption.Mss(u16()); break;
                case 2: o = new TcpOption.WindowScale(r.nextInt(256)); break;
                case 3: o = TcpOption.SackPermitted.INSTANCE; break;
                case 4: {
                    List<TcpOption.SackBlock> blocks = new ArrayList<>();
                    int n = 1 + r.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        blocks.add(new TcpOption.SackBlock(u32(), u32()));
                    }
                    o = new TcpOption.Sack(blocks);
                    break;
                }
                case 5: o = new TcpOption.Timestamps(u32(), u32()); break;
                case 6: o = new TcpOption.Md5Signature(bytes(16)); break;
                case 7: o = new TcpOption.Ao(r.nextInt(256), r.nextInt(256), bytes(r.nextInt(Math.max(1, Math.min(room - 3, 37))))); break;
                case 8: {
                    int kind = 6 + r.nextInt(250);
                    if (kind == TcpOption.KIND_TIMESTAMPS || kind == TcpOption.KIND_MD5 || kind == TcpOption.KIND_AO) {
                        kind = 30;
                    }
                    o = new TcpOption.Unknown(kind, bytes(r.nextInt(Math.max(1, Math.min(room - 1, 39)))));
                    break;
                }
                default: {
                    // A known kind with a wrong length, which must survive as Unknown.
                    o = new TcpOption.Unknown(TcpOption.KIND_MSS, bytes(r.nextInt(2) == 0 ? 0 : 3));
                    break;
                }
            }
            if (o.length() <= room) {
                return o;
            }
        }
        return room >= 1 ? TcpOption.Nop.INSTANCE : null;
    }

    /**
     * Options that fill a whole number of 32-bit words (as on the wire, so a parse gives the same list back),
     * the last word completed with NOPs or with an EOL and padding.
     */
    List<TcpOption> options() {
        List<TcpOption> out = new ArrayList<>();
        int budget = 4 * r.nextInt(11);
        int used = 0;
        while (used < budget && r.nextInt(6) != 0) {
            TcpOption o = option(budget - used);
            if (o == null) {
                break;
            }
            out.add(o);
            used += o.length();
        }
        int pad = (4 - used % 4) % 4;
        if (used + pad > 40) {
            throw new AssertionError("budget overrun");
        }
        if (pad > 0 || (used < budget && r.nextBoolean())) {
            int rest = pad == 0 ? 0 : pad;
            if (r.nextBoolean()) {
                for (int i = 0; i < rest; i++) {
                    out.add(TcpOption.Nop.INSTANCE);
                }
            } else if (rest > 0) {
                byte[] p = new byte[rest - 1];
                if (r.nextBoolean() && p.length > 0) {
                    p[p.length - 1] = (byte) r.nextInt(256);
                }
                out.add(new TcpOption.Eol(p));
            }
        }
        return out;
    }

    TcpRepr tcp() {
        int n = r.nextInt(4) == 0 ? 0 : r.nextInt(r.nextBoolean() ? 64 : 1460);
        return new TcpRepr(u16(), u16(), u32(), u32(), r.nextInt(0x1000), u16(), u16(), options(),
            ByteBuffer.wrap(bytes(n)));
    }

    UdpRepr udp() {
        return new UdpRepr(u16(), u16(), r.nextBoolean(), ByteBuffer.wrap(bytes(r.nextInt(200))));
    }

    Ipv4Repr ip(int protocol, int payloadLength) {
        byte[] opts = r.nextInt(4) == 0 ? bytes(4 * r.nextInt(11)) : new byte[0];
        return new Ipv4Repr(r.nextInt(64), r.nextInt(4), u16(), false, r.nextBoolean(), false, 0, 1 + r.nextInt(255),
            protocol, r.nextInt(), r.nextInt(), opts, payloadLength);
    }

    IcmpRepr icmp(ByteBuffer someDatagram) {
        int quoteLen = Math.min(someDatagram.remaining(), 28);
        ByteBuffer quote = someDatagram.slice(0, quoteLen);
        switch (r.nextInt(5)) {
            case 0: return new IcmpRepr.EchoRequest(u16(), u16(), ByteBuffer.wrap(bytes(r.nextInt(64))));
            case 1: return new IcmpRepr.EchoReply(u16(), u16(), ByteBuffer.wrap(bytes(r.nextInt(64))));
            case 2: return new IcmpRepr.DestUnreachable(r.nextInt(16), r.nextInt(4) == 0 ? u16() : 0,
                r.nextInt(16) == 4 ? 576 + r.nextInt(1000) : 0, new IcmpQuote(quote));
            case 3: return new IcmpRepr.TimeExceeded(r.nextInt(2), 0, new IcmpQuote(quote));
            default: return new IcmpRepr.Other(13 + r.nextInt(5), r.nextInt(3), ByteBuffer.wrap(bytes(4 + r.nextInt(20))));
        }
    }

    boolean bool() {
        return r.nextBoolean();
    }

    int nextInt(int bound) {
        return r.nextInt(bound);
    }
}
