package org.tcplab.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classic pcap file format (tcpdump's, magic 0xa1b2c3d4, microsecond timestamps), written and read by the
 * tests. Records carry raw IPv4 (LINKTYPE_RAW 101) when written here; reading also accepts Ethernet (1).
 */
final class Pcap {

    static final int LINKTYPE_ETHERNET = 1;
    static final int LINKTYPE_RAW = 101;

    private Pcap() {
    }

    /** Writes each datagram (bytes from position to limit) as one record, one second apart. */
    static void writeRaw(Path file, List<ByteBuffer> datagrams) throws IOException {
        int size = 24;
        for (ByteBuffer d : datagrams) {
            size += 16 + d.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
            .putInt(LINKTYPE_RAW);
        int t = 1_700_000_000;
        for (ByteBuffer d : datagrams) {
            out.putInt(t++).putInt(0).putInt(d.remaining()).putInt(d.remaining());
            out.put(d.duplicate());
        }
        Files.write(file, out.array());
    }

    /** The IPv4 datagrams of a capture (Ethernet records with EtherType 0x0800, or raw records). */
    static List<ByteBuffer> readIpv4(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.getInt(0);
        if (magic != 0xa1b2c3d4) {
            throw new IllegalArgumentException("not a little-endian microsecond pcap: 0x" + Integer.toHexString(magic));
        }
        int linktype = in.getInt(20);
        List<ByteBuffer> out = new ArrayList<>();
        int at = 24;
        while (at + 16 <= file.length) {
            int caplen = in.getInt(at + 8);
            int data = at + 16;
            if (linktype == LINKTYPE_ETHERNET) {
                int etherType = ((file[data + 12] & 0xFF) << 8) | (file[data + 13] & 0xFF);
                if (etherType == 0x0800) {
                    out.add(ByteBuffer.wrap(file, data + 14, caplen - 14).slice());
                }
            } else if (linktype == LINKTYPE_RAW) {
                out.add(ByteBuffer.wrap(file, data, caplen).slice());
            } else {
                throw new IllegalArgumentException("linktype " + linktype);
            }
            at = data + caplen;
        }
        return out;
    }
}
