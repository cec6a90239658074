package org.tcplab.link.tun.internal;

import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.tcplab.link.tun.TunException;

/**
 * One TUN host per factory configuration {@code org.tcplab.link.tun} (e.g. {@code etc/org.tcplab.link.tun-lab.cfg}):
 * up when the configuration appears, down (interface removed) when it goes or changes. A bad configuration
 * or a system that refuses gives one line on the console and in {@code tun list}; nothing is left half made.
 */
@Designate(ocd = TunHostComponent.Config.class, factory = true)
@Component(configurationPid = TunHostComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
public final class TunHostComponent {

    public static final String FACTORY_PID = "org.tcplab.link.tun";

    @ObjectClassDefinition(name = "tcplab TUN host",
            description = "A tcplab host on a Linux TUN interface, the kernel being its peer.")
    public @interface Config {
        @AttributeDefinition(description = "interface name, up to 15 characters")
        String name();

        @AttributeDefinition(description = "the kernel's address and prefix on the interface, e.g. 192.0.2.1/24")
        String kernel();

        @AttributeDefinition(description = "tcplab's address, inside the kernel's prefix, e.g. 192.0.2.2")
        String address();

        @AttributeDefinition(description = "MTU, 576..65535")
        int mtu() default 1500;

        @AttributeDefinition(description = "network namespace to move the interface into (ip netns add it first); empty: none", required = false)
        String netns() default "";

        @AttributeDefinition(description = "the host's name; default tun-<name>", required = false)
        String host() default "";

        @AttributeDefinition(description = "pin the host to this RST policy; empty: the stack's default", required = false)
        String policy() default "";

        @AttributeDefinition(description = "record every datagram to this pcap file; empty: none", required = false)
        String pcap() default "";

        @AttributeDefinition(description = "serve a small HTTP page on this port; 0: none", required = false)
        int http() default 0;

        @AttributeDefinition(name = "ready.timeout.ms", description = "how long to wait for the kernel to answer the readiness probe")
        int ready_timeout_ms() default 5000;
    }

    private final TunHosts hosts;
    private final String source;
    private String interfaceName;

    @Activate
    public TunHostComponent(@Reference TunHosts hosts, Map<String, Object> properties) {
        this.hosts = hosts;
        Object pid = properties.get("service.pid");
        Object file = properties.get("felix.fileinstall.filename");
        this.source = "config " + (file != null ? fileName(file.toString()) : pid);
        try {
            TunOptions o = TunOptions.parse(settingsOf(properties));
            hosts.up(source, o);
            interfaceName = o.settings().interfaceName();
        } catch (TunException | IllegalArgumentException e) {
            hosts.recordFailure(source, e.getMessage());
            System.err.println("tcplab: tun (" + source + "): " + e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        if (interfaceName != null) {
            hosts.down(interfaceName);
        }
        hosts.forget(source);
    }

    /** The configuration's own keys as text; the framework's (service.*, component.*, felix.*) are left out. */
    static Map<String, String> settingsOf(Map<String, Object> properties) {
        Map<String, String> m = new TreeMap<>();
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("service.") || k.startsWith("component.") || k.startsWith("felix.") || k.startsWith("osgi.")
                    || k.startsWith(".")) {
                continue;
            }
            m.put(k, String.valueOf(e.getValue()));
        }
        return m;
    }

    private static String fileName(String url) {
        int slash = url.lastIndexOf('/');
        return slash >= 0 ? url.substring(slash + 1) : url;
    }
}
