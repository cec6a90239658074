package org.tcplab.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.tcplab.api.host.Counter;
import org.tcplab.api.host.DropReason;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.sign.AoAddKey;
import org.tcplab.api.sign.AoAlgorithm;
import org.tcplab.api.sign.AoDelKey;
import org.tcplab.api.sign.AoInfo;
import org.tcplab.api.sign.Md5Key;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.socket.Result;
import org.tcplab.api.socket.SocketOption;
import org.tcplab.api.socket.TcpSocket;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpState;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.sign.ao.internal.AoSegmentSigner;
import org.tcplab.sign.md5.internal.Md5SegmentSigner;
import org.tcplab.wire.Datagram;
import org.tcplab.wire.IcmpQuote;
import org.tcplab.wire.IcmpRepr;
import org.tcplab.wire.IpProtocol;
import org.tcplab.wire.Ipv4Repr;
import org.tcplab.wire.TcpOption;
import org.tcplab.wire.TcpRepr;

/**
 * TCP-AO keys through the socket API, as Linux's TCP_AO_ADD_KEY, TCP_AO_DEL_KEY and TCP_AO_INFO (net/ipv4/tcp_ao.c
 * for the errno of each refusal), and TCP-MD5 key deletion (TCP_MD5SIG with an empty key). Two hosts on the
 * memory network, each with its own MD5 and AO signer; the keys go in only through sockets.
 */
class AoSocketOptionTest {

    static final Endpoint A = Endpoint.of("10.0.0.1", 1000);
    static final Endpoint B = Endpoint.of("10.0.0.2", 80);
    static final byte[] SECRET = "ao master key".getBytes(StandardCharsets.US_ASCII);
    static final AoAlgorithm SHA1 = AoAlgorithm.HMAC_SHA_1_96;

    MemoryNetwork net;
    MemoryNetwork.MemoryLink[] link;
    AoSegmentSigner aoA;
    AoSegmentSigner aoB;
    Host a;
    Host b;

    @BeforeEach
    void twoHostsWithMd5AndAoSigners() {
        net = new MemoryNetwork();
        aoA = new AoSegmentSigner();
        aoB = new AoSegmentSigner();
        link = net.link(Duration.ofMillis(1), 0, 1);
        link[0].record = true;
        link[1].record = true;
        TcpEngine engine = TcpEngine.of(new LinuxPolicy());
        a = net.host(engine, HostConfig.builder("A").address(A.address()).link(link[0]).signer(aoA)
                .signer(new Md5SegmentSigner()));
        b = net.host(engine, HostConfig.builder("B").address(B.address()).link(link[1]).signer(aoB)
                .signer(new Md5SegmentSigner()));
    }

    static AoAddKey key(int sendId, int recvId, int peer) {
        return AoAddKey.forPeer(sendId, recvId, SHA1, peer, SECRET);
    }

    TcpSocket listener(AoAddKey... keys) {
        TcpSocket l = b.tcpSocket();
        assertEquals(Result.ok(), l.bind(B));
        for (AoAddKey k : keys) {
            assertEquals(Result.ok(), l.setOption(SocketOption.TCP_AO_ADD_KEY, k));
        }
        assertEquals(Result.ok(), l.listen(5));
        return l;
    }

    TcpSocket client(AoAddKey... keys) {
        TcpSocket c = a.tcpSocket();
        assertEquals(Result.ok(), c.bind(A));
        for (AoAddKey k : keys) {
            assertEquals(Result.ok(), c.setOption(SocketOption.TCP_AO_ADD_KEY, k));
        }
        return c;
    }

    /** {client, accepted} after connect and 20 ms. */
    TcpSocket[] connect(TcpSocket server, TcpSocket c) {
        assertEquals(Errno.EINPROGRESS, c.connect(B).errno());
        net.run(Duration.ofMillis(20));
        assertEquals(TcpState.ESTABLISHED, c.state());
        return new TcpSocket[] {c, server.accept().value()};
    }

    /** The AO option of every TCP segment one side sent, in order; null for an unsigned one. */
    static List<TcpOption.Ao> aoOptions(List<byte[]> sent) {
        List<TcpOption.Ao> out = new ArrayList<>();
        for (byte[] d : sent) {
            if (Datagram.parse(ByteBuffer.wrap(d)).value().payload() instanceof TcpRepr t) {
                out.add(t.ao().orElse(null));
            }
        }
        return out;
    }

    @Nested
    class AddKey {

        @Test
        void keysSetOnAListenerAndAConnectingSocketSignEverySegmentAndLeaveWithTheSockets() {
            TcpSocket server = listener(key(2, 1, A.address()));
            TcpSocket[] s = connect(server, client(key(1, 2, B.address())));
            assertEquals(3, s[0].send(new byte[] {1, 2, 3}).value());
            net.run(Duration.ofMillis(20));
            assertArrayEquals(new byte[] {1, 2, 3}, s[1].recv(10).value());
            for (TcpOption.Ao ao : aoOptions(link[0].sent)) {
                assertNotNull(ao, "every segment A sent is signed");
                assertEquals(1, ao.keyId());
                assertEquals(12, ao.mac().length);
            }
            assertTrue(aoOptions(link[1].sent).stream().allMatch(o -> o != null && o.keyId() == 2));
            assertTrue(b.counter(Counter.TCP_EXT_AO_GOOD) >= 3, "SYN, ACK and data verified");
            assertEquals(Map.of(), Md5SignedTest.signatureDrops(b));
            assertEquals(1, aoA.keys().size());
            assertEquals(A.port(), aoA.keys().get(0).localPort(), "scoped to the bound socket's port");
            s[0].close();
            server.close();
            assertEquals(List.of(), aoA.keys());
            assertEquals(List.of(), aoB.keys());
        }

        @Test
        void badKeysGetLinuxsErrno() {
            TcpSocket s = client();
            int peer = B.address();
            record Case(AoAddKey key, Errno errno) { }
            List<Case> cases = List.of(
                    new Case(key(256, 1, peer), Errno.EINVAL),
                    new Case(key(1, -1, peer), Errno.EINVAL),
                    new Case(key(1, 2, peer).withPeer(0x0A000001, 24), Errno.EINVAL),    // bits beyond /24
                    new Case(key(1, 2, peer).withPeer(0x0A000000, 33), Errno.EINVAL),
                    new Case(key(1, 2, peer).withPeer(0, 8), Errno.EINVAL),              // address 0 with a prefix
                    new Case(key(1, 2, peer).withPeer(peer, 0), Errno.EINVAL),           // an address with /0
                    new Case(new AoAddKey(peer, 32, "hmac(sha1)", 1, 2, 0, false, false, false, new byte[81]),
                            Errno.EINVAL),
                    new Case(new AoAddKey(peer, 32, "hmac(sha1)", 1, 2, 0, false, false, false, new byte[0]),
                            Errno.EINVAL),
                    new Case(key(1, 2, peer).withMacLength(17), Errno.EMSGSIZE),         // 24 > 20 bytes of SYN room
                    new Case(key(1, 2, peer).withMacLength(256), Errno.EINVAL),
                    new Case(new AoAddKey(peer, 32, "hmac(md5)", 1, 2, 0, false, false, false, SECRET), Errno.ENOENT));
            for (Case c : cases) {
                assertEquals(c.errno(), s.setOption(SocketOption.TCP_AO_ADD_KEY, c.key()).errno(), c.key().toString());
            }
            assertEquals(List.of(), aoA.keys(), "nothing added by a refused call");
        }

        @Test
        void aSecondKeyWithTheSameSendOrReceiveIdForAnOverlappingPeerIsEexist() {
            TcpSocket s = client(key(1, 2, B.address()));
            assertEquals(Errno.EEXIST, s.setOption(SocketOption.TCP_AO_ADD_KEY, key(1, 3, B.address())).errno());
            assertEquals(Errno.EEXIST, s.setOption(SocketOption.TCP_AO_ADD_KEY,
                    key(4, 2, B.address()).withPeer(0x0A000000, 8)).errno());
            assertEquals(Result.ok(), s.setOption(SocketOption.TCP_AO_ADD_KEY, key(3, 4, B.address())));
            assertEquals(Result.ok(), s.setOption(SocketOption.TCP_AO_ADD_KEY, key(1, 2, 0x0A000003)),
                    "the same ids for another peer");
            assertEquals(3, aoA.keys().size());
        }

        @Test
        void aPeerWithATcpMd5KeyGetsNoTcpAoKey() {
            TcpSocket s = client();
            assertEquals(Result.ok(), s.setOption(SocketOption.TCP_MD5SIG, Md5Key.forPeer(B.address(), SECRET)));
            assertEquals(Errno.EKEYREJECTED, s.setOption(SocketOption.TCP_AO_ADD_KEY, key(1, 2, B.address())).errno());
        }

        @Test
        void aListenerHasNoCurrentOrRnextKey() {
            TcpSocket l = listener();
            assertEquals(Errno.EINVAL, l.setOption(SocketOption.TCP_AO_ADD_KEY,
                    key(2, 1, A.address()).asCurrentAndRnext()).errno());
            assertEquals(Errno.EINVAL, l.setOption(SocketOption.TCP_AO_INFO, AoInfo.DEFAULTS.current(2)).errno());
            assertEquals(Errno.EINVAL, l.setOption(SocketOption.TCP_AO_DEL_KEY,
                    AoDelKey.forPeer(2, 1, A.address()).switchingTo(2, 1)).errno());
        }

        @Test
        void aKeyThatExcludesTheConnectedPeerIsEinval() {
            TcpSocket server = listener(key(2, 1, A.address()));
            TcpSocket[] s = connect(server, client(key(1, 2, B.address())));
            assertEquals(Errno.EINVAL, s[0].setOption(SocketOption.TCP_AO_ADD_KEY, key(5, 6, 0x0A000003)).errno());
        }

        @Test
        void aHostWithoutAnAoSignerAnswersEnoprotoopt() {
            MemoryNetwork.MemoryLink[] other = net.link(Duration.ofMillis(1), 0, 2);
            Host plain = net.host(TcpEngine.of(), HostConfig.builder("C").address("10.0.0.3").link(other[0]));
            TcpSocket s = plain.tcpSocket();
            assertEquals(Errno.ENOPROTOOPT, s.setOption(SocketOption.TCP_AO_ADD_KEY, key(1, 2, B.address())).errno());
            assertEquals(Errno.ENOPROTOOPT, s.setOption(SocketOption.TCP_AO_DEL_KEY,
                    AoDelKey.forPeer(1, 2, B.address())).errno());
            assertEquals(Errno.ENOPROTOOPT, s.getOption(SocketOption.TCP_AO_INFO).errno());
        }
    }

    @Nested
    class DelKeyAndInfo {

        @Test
        void deletingAMissingKeyIsEnoentAndTheCurrentOrRnextKeyEbusy() {
            TcpSocket server = listener(key(2, 1, A.address()), key(4, 3, A.address()));
            TcpSocket c = client(key(1, 2, B.address()), key(3, 4, B.address()));
            assertEquals(Errno.ENOENT, c.setOption(SocketOption.TCP_AO_DEL_KEY, AoDelKey.forPeer(9, 9, B.address()))
                    .errno());
            assertEquals(Errno.ENOENT, c.setOption(SocketOption.TCP_AO_DEL_KEY, AoDelKey.forPeer(1, 2, A.address()))
                    .errno(), "ids right, peer wrong");
            TcpSocket[] s = connect(server, c);
            assertEquals(new AoInfo(false, 1, false, 2, false, false, 1, 0, 0, 0, 0),
                    s[0].getOption(SocketOption.TCP_AO_INFO).value(), "the first key is current and RNext; the SYN-ACK verified");
            assertEquals(Errno.EBUSY, s[0].setOption(SocketOption.TCP_AO_DEL_KEY,
                    AoDelKey.forPeer(1, 2, B.address())).errno());
            assertEquals(Result.ok(), s[0].setOption(SocketOption.TCP_AO_DEL_KEY,
                    AoDelKey.forPeer(1, 2, B.address()).switchingTo(3, 4)), "after moving to the other key");
            assertEquals(1, aoA.keys().size());
            assertEquals(3, aoA.keys().get(0).sendId());
            s[0].send(new byte[] {9});
            net.run(Duration.ofMillis(20));
            assertArrayEquals(new byte[] {9}, s[1].recv(10).value());
            assertEquals(Errno.ENOENT, s[0].setOption(SocketOption.TCP_AO_DEL_KEY,
                    AoDelKey.forPeer(1, 2, B.address())).errno(), "gone");
        }

        @Test
        void currentAndRnextChosenBeforeConnectSignTheSyn() {
            TcpSocket server = listener(key(2, 1, A.address()), key(4, 3, A.address()));
            TcpSocket c = client(key(1, 2, B.address()), key(3, 4, B.address()));
            assertEquals(Errno.ENOENT, c.setOption(SocketOption.TCP_AO_INFO, AoInfo.DEFAULTS.current(7)).errno());
            assertEquals(Result.ok(), c.setOption(SocketOption.TCP_AO_INFO, AoInfo.DEFAULTS.current(3).rnext(4)));
            TcpSocket[] s = connect(server, c);
            TcpOption.Ao syn = aoOptions(link[0].sent).get(0);
            assertEquals(3, syn.keyId());
            assertEquals(4, syn.rnextKeyId());
            // RFC 5925 §7.5.2: the listener's connection sends with the key A asked for (its send id 4)
            assertTrue(aoOptions(link[1].sent).stream().allMatch(o -> o.keyId() == 4 && o.rnextKeyId() == 3));
            AoInfo info = s[1].getOption(SocketOption.TCP_AO_INFO).value();
            assertEquals(4, info.currentKey());
            assertEquals(3, info.rnext());
        }

        @Test
        void aConnectionWithoutTcpAoHasNoKeyToSwitchTo() {
            TcpSocket server = listener();
            TcpSocket c = client();
            TcpSocket[] s = connect(server, c);
            assertEquals(Errno.ENOENT, s[0].setOption(SocketOption.TCP_AO_INFO, AoInfo.DEFAULTS.current(1)).errno());
            assertEquals(Errno.ENOENT, s[0].setOption(SocketOption.TCP_AO_DEL_KEY, AoDelKey.forPeer(1, 2, B.address()))
                    .errno());
        }
    }

    /** Linux ao_required and accept_icmps (TCP_AO_INFO). */
    @Nested
    class Settings {

        static final Endpoint C = Endpoint.of("10.0.0.3", 2000);

        @Test
        void withoutAoRequiredAnUnsignedSynFromAPeerWithoutAKeyIsAnswered() {
            Probe probe = new Probe(link[0]);
            listener(key(2, 1, A.address()));
            probe.send(C, B, "<SEQ=100><CTL=SYN>");
            net.run(Duration.ofMillis(10));
            assertEquals(1, probe.received.size(), "SYN-ACK to the peer without a key");
            probe.send(A, B, "<SEQ=100><CTL=SYN>");
            net.run(Duration.ofMillis(10));
            assertEquals(1, probe.received.size(), "the peer with a key must sign");
            assertEquals(1, b.counter(Counter.TCP_EXT_AO_REQUIRED));
        }

        @Test
        void withAoRequiredEveryUnsignedSegmentIsDroppedAsTcpAoRequired() {
            Probe probe = new Probe(link[0]);
            TcpSocket l = listener(key(2, 1, A.address()));
            assertEquals(Result.ok(), l.setOption(SocketOption.TCP_AO_INFO, AoInfo.DEFAULTS.requireAo(true)));
            assertTrue(l.getOption(SocketOption.TCP_AO_INFO).value().aoRequired());
            probe.send(C, B, "<SEQ=100><CTL=SYN>");
            net.run(Duration.ofMillis(10));
            assertEquals(List.of(), probe.received);
            assertEquals(1, b.counter(Counter.TCP_EXT_AO_REQUIRED));
            assertEquals(Map.of(DropReason.TCP_AONOTFOUND, 1L), Md5SignedTest.signatureDrops(b));
        }

        @Test
        void aoRequiredIsRefusedBesideTcpMd5Keys() {
            TcpSocket s = client();
            assertEquals(Result.ok(), s.setOption(SocketOption.TCP_MD5SIG, Md5Key.forPeer(B.address(), SECRET)));
            assertEquals(Errno.EKEYREJECTED,
                    s.setOption(SocketOption.TCP_AO_INFO, AoInfo.DEFAULTS.requireAo(true)).errno());
        }

        @Test
        void acceptIcmpsLetsAPortUnreachableThroughAndItsAbsenceCountsTcpAoDroppedIcmps() {
            for (boolean accept : new boolean[] {false, true}) {
                twoHostsWithMd5AndAoSigners();
                TcpSocket server = listener(key(2, 1, A.address()));
                TcpSocket c = client(key(1, 2, B.address()));
                assertEquals(Result.ok(), c.setOption(SocketOption.TCP_AO_INFO, AoInfo.DEFAULTS.acceptIcmps(accept)));
                TcpSocket[] s = connect(server, c);
                link[0].filter = x -> false; // the data stays in flight
                s[0].send(new byte[] {1});
                byte[] inFlight = link[0].sent.get(link[0].sent.size() - 1);
                IcmpRepr.DestUnreachable u = new IcmpRepr.DestUnreachable(IcmpRepr.CODE_PORT_UNREACHABLE, 0, 0,
                        new IcmpQuote(ByteBuffer.wrap(inFlight, 0, 28)));
                link[1].send(new Datagram(Ipv4Repr.of(B.address(), A.address(), IpProtocol.ICMP, 64,
                        u.emittedLength()), u).toBuffer());
                net.run(Duration.ofMillis(10));
                Connection conn = ((TcpHost) a).connections.values().iterator().next();
                assertEquals(accept ? 0 : 1, a.counter(Counter.TCP_EXT_AO_DROPPED_ICMPS));
                assertEquals(accept ? 0 : 1, c.getOption(SocketOption.TCP_AO_INFO).value().pktDroppedIcmp());
                if (accept) {
                    assertNotNull(conn.softError, "the error reached the connection");
                } else {
                    assertNull(conn.softError);
                }
            }
        }
    }

    /** TCP_MD5SIG with an empty key deletes (Linux tcp_md5_do_del). */
    @Nested
    class Md5Deletion {

        @Test
        void deletingAMissingMd5KeyIsEnoentAndAnExistingOneLeavesTheHost() {
            TcpSocket s = client();
            Md5Key slot = Md5Key.deletion(B.address(), 32, 0, 0);
            assertEquals(Errno.ENOENT, s.setOption(SocketOption.TCP_MD5SIG, slot).errno());
            assertEquals(Result.ok(), s.setOption(SocketOption.TCP_MD5SIG, Md5Key.forPeer(B.address(), SECRET)));
            assertEquals(1, ((TcpHost) a).md5Signer().keys().size());
            assertEquals(Result.ok(), s.setOption(SocketOption.TCP_MD5SIG, slot));
            assertEquals(List.of(), ((TcpHost) a).md5Signer().keys());
            assertEquals(Errno.ENOENT, s.setOption(SocketOption.TCP_MD5SIG, slot).errno());
            TcpSocket server = listener();
            connect(server, s);
            assertTrue(aoOptions(link[0].sent).stream().allMatch(o -> o == null));
            for (byte[] d : link[0].sent) {
                TcpRepr t = (TcpRepr) Datagram.parse(ByteBuffer.wrap(d)).value().payload();
                assertTrue(t.md5().isEmpty(), "the connection after the deletion is unsigned");
            }
        }
    }
}
