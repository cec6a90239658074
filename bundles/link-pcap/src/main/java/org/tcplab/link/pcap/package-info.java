/**
 * Classic libpcap capture files for tcplab links: {@link org.tcplab.link.pcap.PcapWriter},
 * {@link org.tcplab.link.pcap.PcapReader}, {@link org.tcplab.link.pcap.PcapTapLink} (records every datagram
 * around any {@link org.tcplab.api.link.Link}, the way gVisor's sniffer and smoltcp's PcapWriter do) and
 * {@link org.tcplab.link.pcap.PcapFileLink} (feeds a capture to a host).
 *
 * <p><b>The files written</b>: classic pcap 2.4 (not pcapng), little-endian, one record per IPv4 datagram, no
 * link-layer header: {@link org.tcplab.link.pcap.LinkType#RAW} (101) by default. Timestamps are nanoseconds
 * (magic {@code 0xa1b23c4d}) by default, because tcplab's clocks count nanoseconds and a simulated run must
 * come out the same byte for byte; {@link org.tcplab.link.pcap.TimeResolution#MICROS} (magic
 * {@code 0xa1b2c3d4}) is there for tools that only know the original format. tshark and tcpdump read both.
 *
 * <p><b>Time</b> is never read from the system here: every timestamp comes from the caller, as nanoseconds
 * since 1970-01-01T00:00:00Z. {@link org.tcplab.link.pcap.PcapTimestamps#of(org.tcplab.api.host.Clock)} turns a
 * host's clock into that: a virtual clock starting at 0 writes 1970 dates, the same bytes in every run; a
 * monotonic clock is anchored to the calendar once, for captures of real traffic.
 *
 * <p><b>Errors</b> are values: nothing here throws for bad file content or a failing file system. A reader gives
 * every whole record before a problem and then exactly one {@link org.tcplab.link.pcap.PcapError}; a writer
 * counts what it could not write and says why. Exceptions are thrown only for programming errors (a negative
 * timestamp, an unsupported format choice).
 */
@Export
@Version("1.0.0")
package org.tcplab.link.pcap;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
