package org.tcplab.link.tun.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TunOptionsTest {

    @Test
    void theConfigurationKeysMapOntoSettingsAndHostOptions() {
        TunOptions o = TunOptions.parse(Map.of("name", "tl0", "kernel", "192.0.2.1/24", "address", "192.0.2.2",
            "mtu", "1400", "netns", "lab", "policy", "rfc793", "pcap", "/tmp/x.pcap", "http", "80", "ready.timeout.ms", "250"));
        assertEquals(1400, o.settings().mtu());
        assertEquals("lab", o.settings().netns());
        assertEquals(250, o.settings().readyTimeout().toMillis());
        assertEquals("tun-tl0", o.hostName());
        assertEquals("rfc793", o.policy());
        assertEquals("/tmp/x.pcap", o.pcap());
        assertEquals(80, o.httpPort());
    }

    @Test
    void emptyOptionalValuesMeanNone() {
        TunOptions o = TunOptions.parse(Map.of("name", "tl0", "kernel", "192.0.2.1/24", "address", "192.0.2.2",
            "netns", "", "policy", " ", "pcap", "", "host", "", "http", "0"));
        assertNull(o.settings().netns());
        assertNull(o.policy());
        assertNull(o.pcap());
        assertEquals(0, o.httpPort());
        assertEquals("tun-tl0", o.hostName());
    }

    @Test
    void unknownMissingAndMalformedKeysAreNamed() {
        assertEquals("unknown setting 'adress' (known: name, kernel, address, mtu, netns, host, policy, pcap, http, "
            + "ready.timeout.ms)", assertThrows(IllegalArgumentException.class, () -> TunOptions.parse(
                Map.of("name", "tl0", "kernel", "192.0.2.1/24", "adress", "192.0.2.2"))).getMessage());
        assertEquals("'address' is required: tcplab's address, e.g. address=192.0.2.2",
            assertThrows(IllegalArgumentException.class, () -> TunOptions.parse(
                Map.of("name", "tl0", "kernel", "192.0.2.1/24"))).getMessage());
        assertEquals("'mtu' must be a whole number: big", assertThrows(IllegalArgumentException.class,
            () -> TunOptions.parse(Map.of("name", "tl0", "kernel", "192.0.2.1/24", "address", "192.0.2.2", "mtu", "big")))
                .getMessage());
    }

    @Test
    void theFrameworksOwnPropertiesAreNotSettings() {
        Map<String, String> m = TunHostComponent.settingsOf(Map.of("service.pid", "x", "service.factoryPid", "y",
            "component.name", "z", "felix.fileinstall.filename", "file:/a.cfg", "name", "tl0", "mtu", 1400));
        assertEquals(Map.of("name", "tl0", "mtu", "1400"), m);
    }
}
