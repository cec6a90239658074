package org.tcplab.wire.internal;

import java.nio.ByteBuffer;
import java.util.List;

import org.tcplab.wire.TcpOption;

/** Walks, parses and emits the TCP option area. */
public final class TcpOptions {

    private TcpOptions() {
    }

    /** The bytes the options occupy, without padding to a multiple of 4. */
    public static int length(List<TcpOption> options) {
        if (options instanceof OptionList l) {
            return l.byteLength();
        }
        int n = 0;
        for (int i = 0, s = options.size(); i < s; i++) {
            n += options.get(i).length();
        }
        return n;
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
