package org.tcplab.wire.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.tcplab.wire.TcpOption;

/** Walks, parses and emits the TCP option area. */
public final class TcpOptions {

    private TcpOptions() {
    }

    /** The bytes the options occupy, without padding to a multiple of 4. */
    public static int length(List<TcpOption> options) {
        int n = 0;
        for (int i = 0, s = options.size(); i < s; i++) {
            n += options.get(i).length();
        }
        return n;
    }

    /**
     * Parses an option area already accepted by {@link org.tcplab.wire.TcpPacket#check}; allocates exactly the
     * list and the option values.
     */
    public static List<TcpOption> parse(ByteBuffer buf, int offset, int length) {
        if (length == 0) {
            return List.of();
        }
        TcpOption[] out = new TcpOption[length];
        int n = 0;
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int kind = buf.get(i) & 0xFF;
            if (kind == TcpOption.KIND_EOL) {
                out[n++] = new TcpOption.Eol(Bytes.array(buf, i + 1, end - i - 1));
                break;
            }
            if (kind == TcpOption.KIND_NOP) {
                out[n++] = TcpOption.Nop.INSTANCE;
                i++;
                continue;
            }
            int len = buf.get(i + 1) & 0xFF;
            out[n++] = parseOne(buf, i, kind, len);
            i += len;
        }
        // List.of copies once; TcpRepr's List.copyOf then keeps that immutable list as it is.
        return List.of(n == out.length ? out : java.util.Arrays.copyOf(out, n));
    }

    private static TcpOption parseOne(ByteBuffer buf, int i, int kind, int len) {
        if (!TcpOption.isKnownShape(kind, len)) {
            return new TcpOption.Unknown(kind, Bytes.array(buf, i + 2, len - 2));
        }
        switch (kind) {
            case TcpOption.KIND_MSS:
                return new TcpOption.Mss(Be.u16(buf, i + 2));
            case TcpOption.KIND_WINDOW_SCALE:
                return new TcpOption.WindowScale(buf.get(i + 2) & 0xFF);
            case TcpOption.KIND_SACK_PERMITTED:
                return TcpOption.SackPermitted.INSTANCE;
            case TcpOption.KIND_SACK: {
                int n = (len - 2) / 8;
                List<TcpOption.SackBlock> blocks = new ArrayList<>(n);
                for (int b = 0; b < n; b++) {
                    int at = i + 2 + 8 * b;
                    blocks.add(new TcpOption.SackBlock(Be.u32(buf, at),
                        Be.u32(buf, at + 4)));
                }
                return new TcpOption.Sack(blocks);
            }
            case TcpOption.KIND_TIMESTAMPS:
                return new TcpOption.Timestamps(Be.u32(buf, i + 2), Be.u32(buf, i + 6));
            case TcpOption.KIND_MD5:
                return new TcpOption.Md5Signature(Bytes.array(buf, i + 2, 16));
            case TcpOption.KIND_AO:
                return new TcpOption.Ao(buf.get(i + 2) & 0xFF, buf.get(i + 3) & 0xFF, Bytes.array(buf, i + 4, len - 4));
            default:
                throw new AssertionError("isKnownShape and parseOne disagree on kind " + kind);
        }
    }

    /** Emits the options at absolute {@code offset}; returns the offset after the last byte written. */
    public static int emit(List<TcpOption> options, ByteBuffer buf, int offset) {
        int i = offset;
        for (int k = 0, s = options.size(); k < s; k++) {
            TcpOption o = options.get(k);
            buf.put(i, (byte) o.kind());
            if (o instanceof TcpOption.Eol e) {
                buf.put(i + 1, e.padding());
            } else if (!(o instanceof TcpOption.Nop)) {
                buf.put(i + 1, (byte) o.length());
                if (o instanceof TcpOption.Mss m) {
                    Be.put16(buf, i + 2, m.mss());
                } else if (o instanceof TcpOption.WindowScale w) {
                    buf.put(i + 2, (byte) w.shift());
                } else if (o instanceof TcpOption.Sack sack) {
                    int at = i + 2;
                    for (TcpOption.SackBlock b : sack.blocks()) {
                        Be.put32(buf, at, b.left());
                        Be.put32(buf, at + 4, b.right());
                        at += 8;
                    }
                } else if (o instanceof TcpOption.Timestamps t) {
                    Be.put32(buf, i + 2, t.tsVal());
                    Be.put32(buf, i + 6, t.tsEcr());
                } else if (o instanceof TcpOption.Md5Signature m) {
                    buf.put(i + 2, m.digest());
                } else if (o instanceof TcpOption.Ao a) {
                    buf.put(i + 2, (byte) a.keyId());
                    buf.put(i + 3, (byte) a.rnextKeyId());
                    buf.put(i + 4, a.mac());
                } else if (o instanceof TcpOption.Unknown u) {
                    buf.put(i + 2, u.data());
                }
                // SackPermitted: kind and length only.
            }
            i += o.length();
        }
        return i;
    }
}
