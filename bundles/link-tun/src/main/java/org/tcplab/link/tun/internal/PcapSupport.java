package org.tcplab.link.tun.internal;

import java.nio.file.Path;

import org.tcplab.api.link.Link;
import org.tcplab.link.pcap.PcapFormat;
import org.tcplab.link.pcap.PcapResult;
import org.tcplab.link.pcap.PcapTapLink;
import org.tcplab.link.pcap.PcapTimestamps;
import org.tcplab.link.pcap.PcapWriter;

/**
 * The pcap tap, kept in its own class: org.tcplab.link.pcap is an optional import, and only this class touches
 * it, so a container without the link-pcap bundle runs TUN hosts fine until one asks for {@code pcap}.
 */
final class PcapSupport {

    private PcapSupport() {
    }

    /**
     * Creates the file now (so a bad path fails before anything is made). Callers catch NoClassDefFoundError:
     * it is thrown when this class is linked without the link-pcap bundle.
     */
    static Tap create(String path) {
        PcapResult<PcapWriter> r = PcapWriter.create(Path.of(path), PcapFormat.DEFAULT);
        if (r instanceof PcapResult.Ok<PcapWriter> ok) {
            PcapWriter w = ok.value();
            java.util.concurrent.atomic.AtomicReference<PcapTapLink> tap = new java.util.concurrent.atomic.AtomicReference<>();
            return new Tap(w, link -> {
                PcapTapLink t = new PcapTapLink(link, w, PcapTimestamps.wallClock());
                tap.set(t);
                return t;
            }, () -> {
                PcapTapLink t = tap.get();
                return (t == null ? 0 : t.recorded()) + " datagrams recorded"
                    + (t == null || t.failures() == 0 ? "" : ", " + t.failures() + " not (" + t.firstFailure().orElse("") + ")")
                    + " to " + path;
            });
        }
        throw new IllegalArgumentException("cannot write the capture: " + ((PcapResult.Failed<PcapWriter>) r).error().message());
    }
}
