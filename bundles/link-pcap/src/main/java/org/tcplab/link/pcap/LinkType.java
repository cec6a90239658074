package org.tcplab.link.pcap;

import java.util.Optional;

/** The link-layer header types this bundle knows (the {@code network} field of the pcap file header). */
public enum LinkType {

    /** {@code LINKTYPE_ETHERNET}: each record is an Ethernet II frame. Read only: IPv4 frames are unwrapped. */
    ETHERNET(1),

    /** {@code LINKTYPE_RAW}: each record is a bare IP datagram, no link-layer header. The default for writing. */
    RAW(101),

    /** {@code LINKTYPE_IPV4}: each record is a bare IPv4 datagram. */
    IPV4(228);

    private final int value;

    LinkType(int value) {
        this.value = value;
    }

    /** The number in the file. */
    public int value() {
        return value;
    }

    /** The type with this number in the file, if it is one of these. */
    public static Optional<LinkType> of(int value) {
        for (LinkType t : values()) {
            if (t.value == value) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "LINKTYPE_" + name() + " (" + value + ")";
    }
}
