package org.tcplab.api.socket;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A UDP socket of one host (socket(AF_INET, SOCK_DGRAM)). A connected socket that receives an ICMP port
 * unreachable reports ECONNREFUSED on its next call, as Linux does.
 */
@ProviderType
public interface UdpSocket {

    /** A received datagram and where it came from. */
    record Datagram(Endpoint source, byte[] payload) {
    }

    Result<Void> bind(Endpoint local);

    /** connect(2): fixes the peer; only its datagrams are received and ICMP errors are reported. */
    Result<Void> connect(Endpoint remote);

    /** send(2) on a connected socket; ECONNREFUSED once after a port unreachable. */
    Result<Integer> send(ByteBuffer payload);

    /** sendto(2). */
    Result<Integer> sendTo(ByteBuffer payload, Endpoint remote);

    /** recvfrom(2), non-blocking: EAGAIN when nothing is queued. */
    Result<Datagram> recv();

    <T> Result<Void> setOption(SocketOption<T> option, T value);

    <T> Result<T> getOption(SocketOption<T> option);

    Result<Void> close();

    Endpoint localEndpoint();
}
