# Observe Linux's errno sequence after a RST, on loopback inside a private network namespace.
import socket, struct, time, errno, os

def name(e): return errno.errorcode.get(e, str(e))

def call(label, f):
    try:
        r = f()
        if isinstance(r, bytes): r = "data %r" % r if r else "0 (end of stream)"
        print("  %-28s -> %s" % (label, r))
    except OSError as ex:
        print("  %-28s -> %s" % (label, name(ex.errno)))

def soerr(s): return name(s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)) if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) else 0
def soerr1(s):
    v = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR); return name(v) if v else 0

def linger0(s): s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))

def pair(port):
    l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(('127.0.0.1', port)); l.listen(4)
    c = socket.socket(); c.connect(('127.0.0.1', port)); s, _ = l.accept(); l.close()
    return c, s

print("A. RST in SYN-SENT (blocking connect to a port with no socket)")
c = socket.socket()
call("connect", lambda: c.connect(('127.0.0.1', 9)))
call("SO_ERROR", lambda: soerr1(c))
call("send(b'x')", lambda: c.send(b'x'))
call("recv", lambda: c.recv(10))
c.close()

print("B. RST in SYN-SENT (non-blocking connect)")
c = socket.socket(); c.setblocking(False)
call("connect", lambda: c.connect(('127.0.0.1', 9)))
time.sleep(0.2)
call("SO_ERROR", lambda: soerr1(c))
call("SO_ERROR", lambda: soerr1(c))
call("send(b'x')", lambda: c.send(b'x'))
call("recv", lambda: c.recv(10))
call("connect again", lambda: c.connect(('127.0.0.1', 9)))
c.close()

print("C. RST in ESTABLISHED, then recv first (peer: SO_LINGER 0 + close)")
c, s = pair(5001); linger0(s); s.close(); time.sleep(0.2)
call("recv", lambda: c.recv(10))
call("recv", lambda: c.recv(10))
call("send(b'x')", lambda: c.send(b'x'))
call("send(b'x')", lambda: c.send(b'x'))
call("SO_ERROR", lambda: soerr1(c))
c.close()

print("D. RST in ESTABLISHED, then send first")
c, s = pair(5002); linger0(s); s.close(); time.sleep(0.2)
call("send(b'x')", lambda: c.send(b'x'))
call("send(b'x')", lambda: c.send(b'x'))
call("recv", lambda: c.recv(10))
c.close()

print("E. RST in ESTABLISHED, SO_ERROR read first")
c, s = pair(5003); linger0(s); s.close(); time.sleep(0.2)
call("SO_ERROR", lambda: soerr1(c))
call("SO_ERROR", lambda: soerr1(c))
call("recv", lambda: c.recv(10))
call("send(b'x')", lambda: c.send(b'x'))
c.close()

print("F. data then RST in ESTABLISHED (peer sends 'hello', then SO_LINGER 0 + close)")
c, s = pair(5004); s.send(b'hello'); time.sleep(0.1); linger0(s); s.close(); time.sleep(0.2)
call("recv", lambda: c.recv(3))
call("recv", lambda: c.recv(10))
call("recv", lambda: c.recv(10))
call("recv", lambda: c.recv(10))
call("send(b'x')", lambda: c.send(b'x'))
c.close()

print("G. RST in CLOSE-WAIT (peer closes normally, we write, the orphaned peer answers RST), recv first")
c, s = pair(5005); s.close(); time.sleep(0.2)
call("send(b'x') in CLOSE-WAIT", lambda: c.send(b'x'))
time.sleep(0.2)
call("recv", lambda: c.recv(10))
call("recv", lambda: c.recv(10))
call("send(b'x')", lambda: c.send(b'x'))
call("send(b'x')", lambda: c.send(b'x'))
c.close()

print("H. RST in CLOSE-WAIT, send first")
c, s = pair(5006); s.close(); time.sleep(0.2)
call("send(b'x') in CLOSE-WAIT", lambda: c.send(b'x'))
time.sleep(0.2)
call("send(b'x')", lambda: c.send(b'x'))
call("send(b'x')", lambda: c.send(b'x'))
call("recv", lambda: c.recv(10))
c.close()

print("I. RST in CLOSE-WAIT, SO_ERROR first")
c, s = pair(5007); s.close(); time.sleep(0.2)
call("send(b'x') in CLOSE-WAIT", lambda: c.send(b'x'))
time.sleep(0.2)
call("SO_ERROR", lambda: soerr1(c))
call("SO_ERROR", lambda: soerr1(c))
call("send(b'x')", lambda: c.send(b'x'))
call("recv", lambda: c.recv(10))
c.close()

print("J. ENOTCONN / EISCONN / EALREADY / EADDRINUSE basics")
c = socket.socket()
call("send unconnected", lambda: c.send(b'x'))
call("recv unconnected", lambda: c.recv(1))
call("shutdown unconnected", lambda: c.shutdown(socket.SHUT_RDWR))
c.close()
c, s = pair(5008)
call("connect connected", lambda: c.connect(('127.0.0.1', 5008)))
call("shutdown WR", lambda: c.shutdown(socket.SHUT_WR))
call("send after SHUT_WR", lambda: c.send(b'x'))
c.close(); s.close()
l = socket.socket(); l.bind(('127.0.0.1', 5009)); l.listen(1)
b = socket.socket()
call("bind in use", lambda: b.bind(('127.0.0.1', 5009)))
b.close(); l.close()
c = socket.socket(); c.setblocking(False)
l = socket.socket(); l.bind(('127.0.0.1', 5010)); l.listen(1)
# non-blocking connect to a listener completes at once on loopback; EALREADY needs an unanswered SYN
c.close(); l.close()
