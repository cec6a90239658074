package org.tcplab.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.tcplab.wire.internal.Hex;

/**
 * Byte fixtures for the codec tests. The hex below is printed by {@code src/test/python/fixtures.py}, which
 * computes every checksum itself, independently of the code under test. Addresses: A = 192.0.2.1, B = 192.0.2.2.
 */
final class Fixtures {

    static final int A = Ipv4Address.of(192, 0, 2, 1);
    static final int B = Ipv4Address.of(192, 0, 2, 2);

    /** SYN 40179>80, seq 0x01020304, win 64240; MSS 1460, SACK-permitted, TS 1/0, NOP, WS 7 (60 bytes). */
    static final String SYN =
        "4500003c1c46400040069a72c0000201c00002029cf300500102030400000000a002faf027c10000020405b40402080a000000010000000001030307";
    /** PSH,ACK,URG 80>40179, seq 0xfffffff0, ack 0x80000000, win 1024, urp 3; NOP NOP TS NOP NOP SACK*2; 10 bytes. */
    static final String DATA =
        "450000521c46400040069a5cc0000201c000020200509cf3fffffff080000000d0380400b43400030101080a0000abcd000012340101051200000064000000c80000012c0000019030313233343536373839";
    /** All twelve flag bits, win and urp 0xffff; NOP NOP MD5 AO(61,84,8-byte MAC) OPT30(abcd) EOL+3 (00 00 de). */
    static final String SIGNED =
        "450000501c46400040069a5ec0000201c000020200b39cf40000000700000008ffffffff5a09ffff0101131200112233445566778899aabbccddeeff1d0c3d54a0a1a2a3a4a5a6a71e04abcd000000de";
    /** No flags at all, no options. */
    static final String NOFLAGS =
        "450000281c46400040069a86c0000201c0000202000100020000000000000000500000002bde0000";
    /** UDP 5353>53 "hello udp", with checksum. */
    static final String UDP =
        "450000251c46400040119a7ec0000201c000020214e9003500113d5368656c6c6f20756470";
    /** The same without checksum (zero). */
    static final String UDP_NOCSUM =
        "450000251c46400040119a7ec0000201c000020214e900350011000068656c6c6f20756470";
    /** A UDP fragment: IHL 6 with Router Alert, DSCP 46, ECN 1, id 0xbeef, MF, offset 185, TTL 3. */
    static final String FRAG =
        "46b90028beef20b90311be5bc0000201c00002029404000013131313131313131313131313131313";
    /** ICMP echo request B>A, id 0x1234, seq 7, "ping data". */
    static final String ECHO_REQ =
        "450000251c46400040019a8ec0000202c00002010800241b1234000770696e672064617461";
    /** ICMP echo reply A>B, id 0x1234, seq 7, "ping data". */
    static final String ECHO_REP =
        "450000251c46400040019a8ec0000201c000020200002c1b1234000770696e672064617461";
    /** ICMP fragmentation needed, MTU 1400, quoting the SYN's IP header and first 8 bytes. */
    static final String FRAG_NEEDED =
        "45000038000000004001f6c1c0000202c00002010304563a000005784500003c1c46400040069a72c0000201c00002029cf3005001020304";
    /** ICMP port unreachable quoting the UDP fixture's header and first 8 bytes. */
    static final String PORT_UNREACH =
        "45000038000000004001f6c1c0000202c00002010303aa7a00000000450000251c46400040119a7ec0000201c000020214e9003500113d53";
    /** ICMP time exceeded (TTL) quoting the SYN. */
    static final String TIME_EXCEEDED =
        "45000038000000004001f6c1c0000202c00002010b0053b6000000004500003c1c46400040069a72c0000201c00002029cf3005001020304";
    /** ICMP timestamp request (type 13), kept raw. */
    static final String TIMESTAMP_REQ =
        "450000281c46400040019a8bc0000202c00002010d00ef1400010002000003e80000000000000000";

    static final String[] ALL = {SYN, DATA, SIGNED, NOFLAGS, UDP, UDP_NOCSUM, FRAG, ECHO_REQ, ECHO_REP, FRAG_NEEDED,
        PORT_UNREACH, TIME_EXCEEDED, TIMESTAMP_REQ};

    private Fixtures() {
    }

    static byte[] bytes(String hex) {
        return Hex.parse(hex);
    }

    static ByteBuffer buf(String hex) {
        return ByteBuffer.wrap(Hex.parse(hex));
    }

    /** A buffer of {@code n} bytes, every one 0xA5, to see what an emitter writes and what it leaves. */
    static ByteBuffer a5(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0xA5);
        return ByteBuffer.wrap(b);
    }

    /** The {@code n} bytes of {@code b} at {@code offset}. */
    static byte[] range(ByteBuffer b, int offset, int n) {
        byte[] out = new byte[n];
        b.get(offset, out);
        return out;
    }

    /** The TCP segment of an IPv4 fixture with a 20-byte header. */
    static ByteBuffer tcpOf(String datagramHex) {
        byte[] d = bytes(datagramHex);
        return ByteBuffer.wrap(Arrays.copyOfRange(d, 20, d.length));
    }
}
