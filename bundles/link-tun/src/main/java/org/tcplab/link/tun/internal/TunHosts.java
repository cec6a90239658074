package org.tcplab.link.tun.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.tcplab.api.host.Clock;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.link.Link;
import org.tcplab.api.tcp.TcpStack;
import org.tcplab.link.tun.TunException;
import org.tcplab.link.tun.TunLink;

/**
 * The TUN hosts of this container, by interface name, whoever asked for them (a configuration or the shell).
 * Bringing one up is all or nothing: on any failure what was made is closed again and one message says why.
 * Stopping the bundle takes every one down (the interfaces go away with their descriptors).
 */
@Component(service = TunHosts.class)
public final class TunHosts {

    /** A TUN host that is up. */
    public record Entry(String source, TunOptions options, TunLink link, Host host, Tap capture,
            PageService page, Instant since) {
    }

    /** A configuration that could not be brought up, and why. */
    public record Failure(String source, String message) {
    }

    private final TcpStack stack;
    private final Map<String, Entry> up = new LinkedHashMap<>();
    private final Map<String, Failure> failed = new LinkedHashMap<>();

    @Activate
    public TunHosts(@Reference TcpStack stack) {
        this.stack = stack;
    }

    /**
     * Makes the interface and a host on it. {@code source} says who asked ("shell", "config <pid>").
     * IllegalArgumentException for a bad or clashing request, TunException when the system refuses.
     */
    public Entry up(String source, TunOptions o) throws TunException {
        String name = o.settings().interfaceName();
        synchronized (this) {
            if (up.containsKey(name)) {
                throw new IllegalArgumentException("tun " + name + " is already up (from " + up.get(name).source() + ")");
            }
        }
        Tap capture = null;
        if (o.pcap() != null) {
            try {
                capture = PcapSupport.create(o.pcap());
            } catch (NoClassDefFoundError e) {
                throw new IllegalArgumentException("pcap needs the org.tcplab.link-pcap bundle, which is not installed");
            }
        }
        TunLink link = null;
        Host host = null;
        try {
            link = TunLink.open(o.settings());
            Link hostLink = capture == null ? link : capture.wrap().apply(link);
            HostConfig.Builder b = HostConfig.builder(o.hostName()).address(o.settings().hostAddress()).link(hostLink)
                .clock(Clock.monotonic()).policy(o.policy());
            host = stack.newHost(b.build());
            PageService page = o.httpPort() == 0 ? null : PageService.start(host, o.settings().hostAddress(), o.httpPort());
            Entry e = new Entry(source, o, link, host, capture, page, Instant.now());
            synchronized (this) {
                if (up.containsKey(name)) { // lost a race with another request for the same name
                    throw new IllegalArgumentException("tun " + name + " is already up (from " + up.get(name).source() + ")");
                }
                up.put(name, e);
                failed.remove(source);
            }
            return e;
        } catch (TunException | RuntimeException e) {
            closeQuietly(host, link, capture);
            throw e;
        }
    }

    /** Takes a host down and removes its interface; false when no such host is up. */
    public boolean down(String interfaceName) {
        Entry e;
        synchronized (this) {
            e = up.remove(interfaceName);
        }
        if (e == null) {
            return false;
        }
        if (e.page() != null) {
            e.page().close();
        }
        closeQuietly(e.host(), e.link(), e.capture());
        return true;
    }

    public synchronized Entry get(String interfaceName) {
        return up.get(interfaceName);
    }

    public synchronized List<Entry> list() {
        return new ArrayList<>(up.values());
    }

    synchronized void recordFailure(String source, String message) {
        failed.put(source, new Failure(source, message));
    }

    synchronized void forget(String source) {
        failed.remove(source);
    }

    public synchronized List<Failure> failures() {
        return new ArrayList<>(failed.values());
    }

    @Deactivate
    void deactivate() {
        for (Entry e : list()) {
            down(e.link().name());
        }
    }

    private static void closeQuietly(Host host, TunLink link, Tap capture) {
        if (host != null) {
            host.close();
        }
        if (link != null) {
            link.close();
        }
        if (capture != null) {
            try {
                capture.writer().close();
            } catch (Exception ignored) {
                // The pcap writer reports its own failures in its status; closing is best effort here.
            }
        }
    }
}
