package org.tcplab.link.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tcplab.api.socket.Endpoint;

class TunSettingsTest {

    @Test
    void theTextFormsGiveTheDefaults() {
        TunSettings s = TunSettings.of("tl0", "192.0.2.1/24", "192.0.2.2");
        assertEquals("tl0", s.interfaceName());
        assertEquals(Endpoint.parseAddress("192.0.2.1"), s.kernelAddress());
        assertEquals(24, s.prefixLength());
        assertEquals(Endpoint.parseAddress("192.0.2.2"), s.hostAddress());
        assertEquals(1500, s.mtu());
        assertNull(s.netns());
        assertEquals(Duration.ofSeconds(5), s.readyTimeout());
        assertEquals("192.0.2.1/24", s.kernelCidr());
        assertNull(s.withNetns(" ").netns());
        assertEquals("ns1", s.withNetns("ns1").netns());
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "tl0|192.0.2.1/24|203.0.113.2|tcplab's address 203.0.113.2 is not in the kernel's prefix 192.0.2.1/24",
        "tl0|192.0.2.1/24|192.0.2.1|tcplab's address and the kernel's are the same: 192.0.2.1",
        "tl0|192.0.2.1/24|192.0.2.255|192.0.2.255 is the network or broadcast address of 192.0.2.1/24",
        "tl0|192.0.2.0/24|192.0.2.2|192.0.2.0 is the network or broadcast address of 192.0.2.0/24",
        "tl0|192.0.2.1/31|192.0.2.0|prefix length must be 1..30: 31",
        "tl0|192.0.2.1|192.0.2.2|the kernel's address needs a prefix length, e.g. 192.0.2.1/24: 192.0.2.1",
        "tl0|192.0.2.1/x|192.0.2.2|not a prefix length: x",
        "tl0|192.0.2.1/24|192.0.2|not an IPv4 address: 192.0.2",
        "a-name-too-long-0|192.0.2.1/24|192.0.2.2|interface name must be 1..15 characters of A-Z a-z 0-9 _ . - : a-name-too-long-0",
        "tl/0|192.0.2.1/24|192.0.2.2|interface name must be 1..15 characters of A-Z a-z 0-9 _ . - : tl/0",
    })
    void aBadSettingIsOneClearMessage(String name, String kernel, String host, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TunSettings.of(name, kernel, host));
        assertEquals(message, e.getMessage());
    }

    @Test
    void mtuNetnsAndTimeoutAreChecked() {
        TunSettings s = TunSettings.of("tl0", "192.0.2.1/24", "192.0.2.2");
        assertEquals("MTU must be 576..65535: 575", assertThrows(IllegalArgumentException.class, () -> s.withMtu(575)).getMessage());
        assertEquals("MTU must be 576..65535: 65536", assertThrows(IllegalArgumentException.class, () -> s.withMtu(65536)).getMessage());
        assertEquals("network namespace name must be 1..64 characters of A-Z a-z 0-9 _ . - : ../etc",
            assertThrows(IllegalArgumentException.class, () -> s.withNetns("../etc")).getMessage());
        assertEquals("ready timeout must be >= 0: PT-1S",
            assertThrows(IllegalArgumentException.class, () -> s.withReadyTimeout(Duration.ofSeconds(-1))).getMessage());
    }
}
