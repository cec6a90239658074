package org.tcplab.link.pcap;

/**
 * How a {@link PcapWriter} lays out its file.
 *
 * @param resolution what record timestamps count
 * @param linkType   {@link LinkType#RAW} or {@link LinkType#IPV4}: a writer records bare IPv4 datagrams
 * @param snaplen    the most bytes kept of one datagram, 1..262144; longer datagrams are cut to it and keep their
 *                   original length in the record header, as libpcap does
 */
public record PcapFormat(TimeResolution resolution, LinkType linkType, int snaplen) {

    /** The largest snaplen libpcap accepts (its {@code MAXIMUM_SNAPLEN}). */
    public static final int MAX_SNAPLEN = 262_144;

    /** Nanosecond timestamps, {@link LinkType#RAW}, snaplen 65535 (no IPv4 datagram is longer: nothing is cut). */
    public static final PcapFormat DEFAULT = new PcapFormat(TimeResolution.NANOS, LinkType.RAW, 65_535);

    public PcapFormat {
        if (resolution == null || linkType == null) {
            throw new NullPointerException("resolution and linkType are required");
        }
        if (linkType == LinkType.ETHERNET) {
            throw new IllegalArgumentException("a writer records bare IPv4 datagrams: use RAW or IPV4, not " + linkType);
        }
        if (snaplen < 1 || snaplen > MAX_SNAPLEN) {
            throw new IllegalArgumentException("snaplen " + snaplen + " is not in 1.." + MAX_SNAPLEN);
        }
    }

    /** This format with another timestamp resolution. */
    public PcapFormat withResolution(TimeResolution v) {
        return new PcapFormat(v, linkType, snaplen);
    }

    /** This format with another link type. */
    public PcapFormat withLinkType(LinkType v) {
        return new PcapFormat(resolution, v, snaplen);
    }

    /** This format with another snaplen. */
    public PcapFormat withSnaplen(int v) {
        return new PcapFormat(resolution, linkType, v);
    }
}
