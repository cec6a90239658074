package org.tcplab.link.pcap;

import java.nio.ByteOrder;

/**
 * The file header of a capture that was read.
 *
 * @param byteOrder    the order every field of the file is written in (the writer's machine)
 * @param resolution   what record timestamps count
 * @param versionMajor always 2
 * @param versionMinor normally 4
 * @param snaplen      the most bytes the capturer kept of a packet (unsigned; 0 in some files means "unknown")
 * @param linkType     what each record holds
 */
public record PcapHeader(ByteOrder byteOrder, TimeResolution resolution, int versionMajor, int versionMinor,
                         long snaplen, LinkType linkType) {
}
