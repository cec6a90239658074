#!/usr/bin/env python3
"""Prints the hand-made byte fixtures of the wire tests with checksums computed here, independently of the
Java code under test. Run: python3 fixtures.py (the output is pasted into Fixtures.java)."""
import struct

def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

def ip(src, dst, proto, payload, ident=0x1c46, flags_frag=0x4000, ttl=64, tos=0, opts=b''):
    ihl = 5 + len(opts) // 4
    h = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, tos, 4 * ihl + len(payload), ident, flags_frag, ttl, proto, 0,
                    bytes(src), bytes(dst)) + opts
    h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
    return h + payload

def pseudo(src, dst, proto, n):
    return bytes(src) + bytes(dst) + struct.pack('!BBH', 0, proto, n)

def tcp(src, dst, sport, dport, seq, ack, flags, win, urg, opts, data):
    doff = (20 + len(opts)) // 4
    h = struct.pack('!HHIIHHHH', sport, dport, seq, ack, (doff << 12) | flags, win, 0, urg) + opts + data
    c = csum(pseudo(src, dst, 6, len(h)) + h)
    return h[:16] + struct.pack('!H', c) + h[18:]

def udp(src, dst, sport, dport, data, with_csum=True):
    h = struct.pack('!HHHH', sport, dport, 8 + len(data), 0) + data
    if with_csum:
        c = csum(pseudo(src, dst, 17, len(h)) + h) or 0xffff
        h = h[:6] + struct.pack('!H', c) + h[8:]
    return h

def icmp(t, code, rest, data):
    h = struct.pack('!BBH', t, code, 0) + rest + data
    return h[:2] + struct.pack('!H', csum(h)) + h[4:]

A = [192, 0, 2, 1]
B = [192, 0, 2, 2]
out = {}
syn_opts = bytes.fromhex('020405b4' '0402' '080a 00000001 00000000'.replace(' ', '') + '01' '030307')
out['SYN'] = ip(A, B, 6, tcp(A, B, 40179, 80, 0x01020304, 0, 0x002, 64240, 0, syn_opts, b''))
data_opts = bytes.fromhex('0101080a 0000abcd 00001234'.replace(' ', '') + '0101' '0512' '00000064 000000c8 0000012c 00000190'.replace(' ', ''))
out['DATA'] = ip(A, B, 6, tcp(A, B, 80, 40179, 0xfffffff0, 0x80000000, 0x038, 1024, 3, data_opts, b'0123456789'))
sig_opts = bytes.fromhex('0101' '1312' + '00112233445566778899aabbccddeeff' + '1d0c' '3d54' + 'a0a1a2a3a4a5a6a7' + '1e04abcd' + '00' '0000de')
out['SIGNED'] = ip(A, B, 6, tcp(A, B, 179, 40180, 7, 8, 0xfff, 0xffff, 0xffff, sig_opts, b''))
out['NOFLAGS'] = ip(A, B, 6, tcp(A, B, 1, 2, 0, 0, 0x000, 0, 0, b'', b''))
out['UDP'] = ip(A, B, 17, udp(A, B, 5353, 53, b'hello udp'))
out['UDP_NOCSUM'] = ip(A, B, 17, udp(A, B, 5353, 53, b'hello udp', False))
out['FRAG'] = ip(A, B, 17, b'\x13' * 16, ident=0xbeef, flags_frag=0x2000 | 185, ttl=3, tos=(46 << 2) | 1,
                 opts=bytes.fromhex('94040000'))
out['ECHO_REQ'] = ip(B, A, 1, icmp(8, 0, struct.pack('!HH', 0x1234, 7), b'ping data'))
out['ECHO_REP'] = ip(A, B, 1, icmp(0, 0, struct.pack('!HH', 0x1234, 7), b'ping data'))
quoted = out['SYN'][:28]
out['FRAG_NEEDED'] = ip(B, A, 1, icmp(3, 4, struct.pack('!HH', 0, 1400), quoted), ident=0, flags_frag=0)
out['PORT_UNREACH'] = ip(B, A, 1, icmp(3, 3, b'\0\0\0\0', out['UDP'][:28]), ident=0, flags_frag=0)
out['TIME_EXCEEDED'] = ip(B, A, 1, icmp(11, 0, b'\0\0\0\0', quoted), ident=0, flags_frag=0)
out['TIMESTAMP_REQ'] = ip(B, A, 1, icmp(13, 0, struct.pack('!HH', 1, 2), struct.pack('!III', 1000, 0, 0)))
if __name__ == "__main__" and len(__import__("sys").argv) == 1:
  for k, v in out.items():
    print('    static final String %s =\n        "%s";' % (k, v.hex()))


def fix_ip_csum(d):
    ihl = (d[0] & 0xf) * 4
    h = d[:10] + b'\0\0' + d[12:ihl]
    return h[:10] + struct.pack('!H', csum(h)) + d[12:]


def malformed():
    """One datagram per ParseError reason, every other checksum correct, so a verified parse gives exactly it."""
    syn = out['SYN']
    m = {}
    m['TRUNCATED'] = syn[:30]
    m['BAD_VERSION'] = fix_ip_csum(bytes([0x65]) + syn[1:])
    m['BAD_IHL'] = fix_ip_csum(bytes([0x44]) + syn[1:])
    m['BAD_TOTAL_LENGTH'] = fix_ip_csum(syn[:2] + struct.pack('!H', 19) + syn[4:])
    m['BAD_IP_CHECKSUM'] = syn[:10] + bytes([syn[10] ^ 0x40]) + syn[11:]
    m['FRAGMENT'] = out['FRAG']
    m['UNSUPPORTED_PROTOCOL'] = fix_ip_csum(syn[:9] + bytes([47]) + syn[10:])
    tcp_hdr = bytearray(syn[20:])
    tcp_hdr[12] = 0x40
    m['BAD_DATA_OFFSET'] = syn[:20] + bytes(tcp_hdr)
    m['BAD_TCP_CHECKSUM'] = syn[:-1] + bytes([syn[-1] ^ 1])
    m['MALFORMED_OPTION'] = ip(A, B, 6, tcp(A, B, 1, 2, 3, 0, 0x002, 100, 0, bytes.fromhex('020405b41e000101'), b''))
    u = bytearray(out['UDP'][20:])
    u[4:6] = struct.pack('!H', 7)
    m['BAD_UDP_LENGTH'] = out['UDP'][:20] + bytes(u)
    m['BAD_UDP_CHECKSUM'] = out['UDP'][:-1] + b'?'
    m['BAD_ICMP_CHECKSUM'] = out['ECHO_REQ'][:-1] + b'?'
    return m


if __name__ == '__main__':
    import os, sys
    if len(sys.argv) > 1 and sys.argv[1] == 'write':
        res = os.path.join(os.path.dirname(__file__), '..', 'resources', 'org', 'tcplab', 'wire')
        mal = os.path.join(res, 'malformed')
        os.makedirs(mal, exist_ok=True)
        for k, v in malformed().items():
            open(os.path.join(mal, k + '.bin'), 'wb').write(v)
        seeds = dict(('fixture-' + k.lower(), v) for k, v in out.items())
        seeds.update(('malformed-' + k.lower(), v) for k, v in malformed().items())
        for method in ['datagram', 'tcpSegment']:
            d = os.path.join(res, 'WireFuzzTestInputs', method)
            os.makedirs(d, exist_ok=True)
            for k, v in seeds.items():
                open(os.path.join(d, k), 'wb').write(v if method == 'datagram' else v[20:])
