package org.tcplab.api.sign;

/**
 * A connection's four-tuple as this host sees it: local is us, remote is the peer, whichever side opened.
 *
 * @param localAddress  our IPv4 address (network order int)
 * @param localPort     our port, 0..65535
 * @param remoteAddress the peer's IPv4 address
 * @param remotePort    the peer's port, 0..65535
 */
public record Flow(int localAddress, int localPort, int remoteAddress, int remotePort) {

    public Flow {
        if ((localPort & ~0xFFFF) != 0 || (remotePort & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("ports are 0..65535: " + localPort + ", " + remotePort);
        }
    }

    /** The flow of a received segment: its destination is local, its source remote. */
    public static Flow ofReceived(int srcAddress, int srcPort, int dstAddress, int dstPort) {
        return new Flow(dstAddress, dstPort, srcAddress, srcPort);
    }

    @Override
    public String toString() {
        return Keys.formatAddress(localAddress) + ":" + localPort + "<->" + Keys.formatAddress(remoteAddress) + ":"
            + remotePort;
    }
}
