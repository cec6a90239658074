package org.tcplab.link.pcap;

import java.util.List;
import java.util.Optional;

/**
 * A whole capture read at once ({@link PcapReader#readAll}).
 *
 * @param header  the file header, empty when it could not be read
 * @param records every whole record with an IPv4 datagram, in file order
 * @param skipped whole records without an IPv4 datagram
 * @param error   why reading stopped before the end of the file, empty after a clean end
 */
public record PcapCapture(Optional<PcapHeader> header, List<PcapRecord> records, long skipped,
                          Optional<PcapError> error) {
}
