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


def exchange(s, a, result):
    """Send our stream, then half-close or read first, as the role says; record both digests."""
    data = stream(a.seed, a.bytes)
    result["sent_sha"] = hashlib.sha256(data).hexdigest()
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
    try:
        s.connect((a.host, a.port))
        r["local_port"] = s.getsockname()[1]
        exchange(s, a, r)
    except OSError as e:
        r["error"] = err(e)
    return r


def server(a):
    r = {}
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((a.host, a.port))
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


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["client", "server", "udp-refused"])
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--bytes", type=int, default=0)
    p.add_argument("--seed", default="kernel")
    p.add_argument("--close-first", action="store_true", help="send and half-close before reading")
    p.add_argument("--timeout", type=float, default=20)
    a = p.parse_args()
    r = {"client": client, "server": server, "udp-refused": udp_refused}[a.role](a)
    print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
