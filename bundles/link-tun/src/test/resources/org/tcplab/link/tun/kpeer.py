#!/usr/bin/env python3
"""The kernel's side of tcplab's TUN tests: one small program per role, using only the kernel's socket API.

Every run prints one JSON object on stdout (what the socket calls returned, errno names included) and exits 0;
the Java test decides what is right. Data is deterministic: block i of a stream is SHA-256(seed || i).
"""
import argparse, errno, hashlib, json, socket, struct, sys, time


def stream(seed, n):
    out = bytearray()
    i = 0
    while len(out) < n:
        out += hashlib.sha256(seed.encode() + i.to_bytes(8, "big")).digest()
        i += 1
    return bytes(out[:n])


def err(e):
    return errno.errorcode.get(e.errno, str(e.errno)) if isinstance(e, OSError) and e.errno else type(e).__name__


def recv_all(s):
    h, n = hashlib.sha256(), 0
    while True:
        b = s.recv(65536)
        if not b:
            return h.hexdigest(), n
        h.update(b)
        n += len(b)


TCP_MD5SIG = 14


def md5sig(s, a):
    """--md5 KEY@PEER: setsockopt(TCP_MD5SIG) with struct tcp_md5sig (216 bytes): the peer's sockaddr_in (port 0)
    in a 128-byte sockaddr_storage, flags 0, prefixlen 0, keylen, ifindex 0, key[80]."""
    if not a.md5:
        return
    key, peer = a.md5.rsplit("@", 1)
    key = key.encode()
    addr = struct.pack("=H", socket.AF_INET) + struct.pack("!H", 0) + socket.inet_aton(peer)
    blob = addr.ljust(128, b"\0") + struct.pack("=BBHi", 0, 0, len(key), 0) + key.ljust(80, b"\0")
    s.setsockopt(socket.IPPROTO_TCP, TCP_MD5SIG, blob)


def exchange(s, a, result):
    """Send our stream, then half-close or read first, as the role says; record both digests."""
    data = stream(a.seed, a.bytes)
    result["sent_sha"] = hashlib.sha256(data).hexdigest()
    if a.abort:
        # Send, then close with SO_LINGER 0: the kernel aborts with a RST (signed, under TCP_MD5SIG).
        s.sendall(data)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
        result["ok"] = True
        return
    if a.close_first:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        result["recv_sha"], result["recv_len"] = recv_all(s)
    else:
        result["recv_sha"], result["recv_len"] = recv_all(s)
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
    s.close()
    result["ok"] = True


def client(a):
    r = {}
    s = socket.socket()
    s.settimeout(a.timeout)
    md5sig(s, a)
    try:
        s.connect((a.host, a.port))
        r["local_port"] = s.getsockname()[1]
        exchange(s, a, r)
    except OSError as e:
        r["error"] = err(e)
    return r


def two_small_writes(a):
    """Connects, writes one byte and at once another: with Nagle on (the default) the kernel holds the second
    until the first is acknowledged. Then reads the peer's answer to the end (a FIN right after the writes would
    have carried the second byte at once: Nagle lets a segment with FIN go)."""
    r = {}
    s = socket.socket()
    s.settimeout(a.timeout)
    try:
        s.connect((a.host, a.port))
        s.send(b"a")
        s.send(b"b")
        r["recv_sha"], r["recv_len"] = recv_all(s)
        r["ok"] = True
    except OSError as e:
        r["error"] = err(e)
    s.close()
    return r


def server(a):
    r = {}
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((a.host, a.port))
    md5sig(ls, a)
    ls.listen(1)
    print(json.dumps({"listening": True}), flush=True)
    ls.settimeout(a.timeout)
    try:
        s, peer = ls.accept()
        s.settimeout(a.timeout)
        r["peer"] = "%s:%d" % peer
        exchange(s, a, r)
    except OSError as e:
        r["error"] = err(e)
    return r


def udp_refused(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(a.timeout)
    s.connect((a.host, a.port))
    r = {"send": "ok"}
    s.send(b"anyone there?")
    try:
        s.recv(100)
        r["recv"] = "data"
    except OSError as e:
        r["recv"] = err(e)
    return r


def wait_line(expected):
    """Waits for the test to say go on stdin."""
    line = sys.stdin.readline().strip()
    if line != expected:
        raise SystemExit("expected %r on stdin, got %r" % (expected, line))


def writes_after_vanish(a):
    """The seed's question, kernel side: connect, let the peer forget us, then write, write, write."""
    import select
    r = {"writes": []}
    s = socket.socket()
    s.settimeout(a.timeout)
    s.connect((a.host, a.port))
    print(json.dumps({"connected": True, "local_port": s.getsockname()[1]}), flush=True)
    wait_line("go")
    for i in range(3):
        try:
            s.send(b"are you there? %d\n" % i)
            r["writes"].append("ok")
        except OSError as e:
            r["writes"].append(err(e))
        if i == 0:
            # Wait for the peer's answer (a RST makes the socket readable with an error) rather than a fixed time.
            ready, _, _ = select.select([s], [], [], a.timeout)
            r["answered"] = bool(ready)
    return r


def close_on_go(a):
    """Accepts one connection, reports it, and closes it (FIN) when told."""
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((a.host, a.port))
    ls.listen(1)
    print(json.dumps({"listening": True}), flush=True)
    ls.settimeout(a.timeout)
    s, peer = ls.accept()
    print(json.dumps({"accepted": "%s:%d" % peer}), flush=True)
    wait_line("close")
    s.close()
    print(json.dumps({"closed": True}), flush=True)
    wait_line("exit")
    return {"ok": True}


def half_open(a):
    """RFC 793 figure 10, kernel as TCP B: an established connection whose peer crashes and reconnects."""
    r = {}
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((a.host, a.port))
    ls.listen(4)
    print(json.dumps({"listening": True}), flush=True)
    ls.settimeout(a.timeout)
    first, peer = ls.accept()
    first.settimeout(a.timeout)
    r["first"] = "%s:%d" % peer
    print(json.dumps({"accepted": r["first"]}), flush=True)
    try:
        b = first.recv(100)
        r["first_recv"] = "eof" if not b else "data"
    except OSError as e:
        r["first_recv"] = err(e)
    try:
        second, peer2 = ls.accept()
        r["second"] = "%s:%d" % peer2
        second.settimeout(a.timeout)
        second.sendall(b"hello again\n")
        r["second_recv"] = second.recv(100).decode(errors="replace")
        second.close()
    except OSError as e:
        r["second_error"] = err(e)
    return r


def raw_send(a):
    """Sends whole IPv4 datagrams (hex, comma-separated, checksums already right) as they are, back to back,
    from this namespace."""
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    sent = 0
    for h in a.hex.split(","):
        sent += s.sendto(bytes.fromhex(h), (a.host, 0))
    return {"sent": sent}


def simultaneous_open(a):
    """Connects from a fixed port to a peer that connects to us at the same time (RFC 793 figure 8)."""
    import select
    r = {}
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((a.bind, a.bind_port))
    s.setblocking(False)
    r["connect"] = errno.errorcode.get(s.connect_ex((a.host, a.port)), "0")
    print(json.dumps({"syn_sent": True}), flush=True)
    _, w, _ = select.select([], [s], [], a.timeout)
    e = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    r["so_error"] = errno.errorcode.get(e, "0") if w else "timeout"
    if w and e == 0:
        s.setblocking(True)
        s.settimeout(a.timeout)
        s.sendall(b"from the kernel\n")
        r["recv"] = s.recv(100).decode(errors="replace")
        s.close()
    return r


def sink(a):
    """Accepts one connection and reads it to the end: bytes and seconds from the first byte to end of stream."""
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((a.host, a.port))
    ls.listen(1)
    print(json.dumps({"listening": True}), flush=True)
    ls.settimeout(a.timeout)
    s, _ = ls.accept()
    s.settimeout(a.timeout)
    buf = bytearray(1 << 20)
    n = s.recv_into(buf)
    start = time.monotonic()
    total = n
    while n:
        n = s.recv_into(buf)
        total += n
    return {"bytes": total, "seconds": time.monotonic() - start}


def source(a):
    """Connects and sends --bytes as fast as the socket takes them; seconds from connect to close."""
    s = socket.socket()
    s.settimeout(a.timeout)
    s.connect((a.host, a.port))
    block = stream(a.seed, 1 << 20)
    start = time.monotonic()
    left = a.bytes
    while left > 0:
        n = s.send(block[:min(left, len(block))])
        left -= n
    s.shutdown(socket.SHUT_WR)
    s.recv(1)
    s.close()
    return {"bytes": a.bytes, "seconds": time.monotonic() - start}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["client", "server", "udp-refused", "writes-after-vanish", "close-on-go", "half-open", "raw-send", "simultaneous-open", "sink", "source", "two-small-writes"])
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--bytes", type=int, default=0)
    p.add_argument("--seed", default="kernel")
    p.add_argument("--close-first", action="store_true", help="send and half-close before reading")
    p.add_argument("--timeout", type=float, default=20)
    p.add_argument("--hex", default="")
    p.add_argument("--bind", default="0.0.0.0")
    p.add_argument("--bind-port", type=int, default=0)
    p.add_argument("--md5", default="", help="KEY@PEER: TCP_MD5SIG on the socket (listener or connecting)")
    p.add_argument("--abort", action="store_true", help="send, then close with SO_LINGER 0 (RST)")
    a = p.parse_args()
    r = {"client": client, "server": server, "udp-refused": udp_refused, "writes-after-vanish": writes_after_vanish,
         "close-on-go": close_on_go, "half-open": half_open, "raw-send": raw_send,
         "simultaneous-open": simultaneous_open, "sink": sink, "source": source,
         "two-small-writes": two_small_writes}[a.role](a)
    print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
