package org.tcplab.link.pcap;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.tcplab.api.link.Link;
import org.tcplab.api.link.LinkListener;

/** A link for tests: keeps what is sent (copies), delivers what the test injects, can refuse sends. */
class FakeLink implements Link {

    final List<byte[]> sent = new ArrayList<>();
    final List<ByteBuffer> sentBuffers = new ArrayList<>();
    LinkListener listener;
    boolean accept = true;

    @Override
    public String name() {
        return "fake0";
    }

    @Override
    public int mtu() {
        return 1500;
    }

    @Override
    public void attach(LinkListener l) {
        listener = l;
    }

    @Override
    public void detach() {
        listener = null;
    }

    @Override
    public boolean send(ByteBuffer datagram) {
        sent.add(Packets.bytes(datagram));
        sentBuffers.add(datagram);
        return accept;
    }

    void inject(ByteBuffer datagram) {
        if (listener != null) {
            listener.received(datagram);
        }
    }
}
