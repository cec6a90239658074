package org.tcplab.sign.md5.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Test helpers: hex, resources, a minimal classic-pcap reader (Ethernet or raw IPv4), IP header offsets. */
final class Bytes {

    private Bytes() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.startsWith("0x") ? s.substring(2) : s);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static byte[] resource(String name) {
        try (InputStream in = Bytes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        try {
            return new ObjectMapper().readTree(resource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The IPv4 datagrams of a little-endian microsecond pcap with linktype 1 (Ethernet) or 101 (raw). */
    static List<byte[]> pcapIpv4(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (in.getInt(0) != 0xa1b2c3d4) {
            throw new IllegalArgumentException("not a little-endian microsecond pcap");
        }
        int linktype = in.getInt(20);
        List<byte[]> out = new ArrayList<>();
        int at = 24;
        while (at + 16 <= file.length) {
            int caplen = in.getInt(at + 8);
            int data = at + 16;
            int skip = linktype == 1 ? 14 : 0;
            boolean ipv4 = linktype != 1 || ((file[data + 12] & 0xFF) << 8 | (file[data + 13] & 0xFF)) == 0x0800;
            if (ipv4) {
                byte[] d = new byte[caplen - skip];
                System.arraycopy(file, data + skip, d, 0, d.length);
                out.add(d);
            }
            at = data + caplen;
        }
        return out;
    }

    /** Offset of the TCP header in an IPv4 or IPv6 (no extension headers) packet. */
    static int tcpOffset(byte[] ip) {
        return (ip[0] & 0xF0) == 0x60 ? 40 : (ip[0] & 0x0F) * 4;
    }

    /** TCP segment length of an IPv4 or IPv6 packet. */
    static int tcpLength(byte[] ip) {
        if ((ip[0] & 0xF0) == 0x60) {
            return ((ip[4] & 0xFF) << 8 | (ip[5] & 0xFF));
        }
        return ((ip[2] & 0xFF) << 8 | (ip[3] & 0xFF)) - tcpOffset(ip);
    }

    static byte[] srcAddress(byte[] ip) {
        return (ip[0] & 0xF0) == 0x60 ? slice(ip, 8, 16) : slice(ip, 12, 4);
    }

    static byte[] dstAddress(byte[] ip) {
        return (ip[0] & 0xF0) == 0x60 ? slice(ip, 24, 16) : slice(ip, 16, 4);
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    static int s32(byte[] b, int at) {
        return ByteBuffer.wrap(b).getInt(at);
    }

    static long u32(byte[] b, int at) {
        return s32(b, at) & 0xFFFFFFFFL;
    }

    static byte[] slice(byte[] b, int at, int n) {
        byte[] out = new byte[n];
        System.arraycopy(b, at, out, 0, n);
        return out;
    }
}
