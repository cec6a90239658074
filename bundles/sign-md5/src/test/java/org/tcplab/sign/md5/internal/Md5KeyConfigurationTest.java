package org.tcplab.sign.md5.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tcplab.api.sign.Md5Key;

class Md5KeyConfigurationTest {

    /** A configuration as ConfigAdmin hands it over from a .cfg file: text values, absent keys left out. */
    static Map<String, Object> config(String peer, String key, String local, int port) {
        Map<String, Object> m = new HashMap<>();
        m.put("peer", peer);
        m.put("key", key);
        if (!local.isEmpty()) {
            m.put("localAddress", local);
        }
        m.put("localPort", String.valueOf(port));
        m.put("service.factoryPid", "org.tcplab.sign.md5.key");
        return m;
    }

    @Test
    void textAndHexSpellingsGiveTheSameKey() {
        assertEquals(Md5KeyConfiguration.parse(config("192.0.2.1", "text:sec-anchors-md5-key", "", 0)),
            Md5KeyConfiguration.parse(config("192.0.2.1", "hex:7365632d616e63686f72732d6d64352d6b6579", "", 0)));
    }

    @Test
    void aGoodConfigurationAddsItsKeyAndRemovesItWhenDeleted() {
        Md5SegmentSigner signer = new Md5SegmentSigner();
        List<String> lines = new ArrayList<>();
        Md5KeyConfiguration c = new Md5KeyConfiguration(signer, config("192.0.2.0/24", "text:k", "192.0.2.2", 179), lines::add);
        assertEquals(List.of(new Md5Key(0xC0000200, 24, 0xC0000202, 179, "k".getBytes())), signer.keys());
        c.deactivate();
        assertEquals(List.of(), signer.keys());
        assertEquals(List.of(), lines);
    }

    @Test
    void aBadChangeGivesOneLineWithoutTheSecretAndKeepsTheKeyItHad() {
        Md5SegmentSigner signer = new Md5SegmentSigner();
        List<String> lines = new ArrayList<>();
        Md5KeyConfiguration c = new Md5KeyConfiguration(signer, config("192.0.2.1", "text:good", "", 0), lines::add);
        List<Md5Key> before = signer.keys();
        c.modified(config("192.0.2.1", "hunter2", "", 0));
        c.modified(config("192.0.2.1", "hex:abc", "", 0));
        c.modified(config("192.0.2.1/33", "text:good", "", 0));
        c.modified(config("192.0.2.300", "text:good", "", 0));
        c.modified(config("192.0.2.1", "text:good", "", 70000));
        assertEquals(before, signer.keys());
        assertEquals(5, lines.size());
        lines.forEach(l -> assertFalse(l.contains("hunter2"), l));
        assertTrue(lines.get(0).contains("hex:"), lines.get(0));
        assertTrue(lines.get(1).contains("odd number"), lines.get(1));
    }

    @Test
    void aMisspeltKeyOrAPortThatIsNoNumberIsRefusedNotDefaulted() {
        Md5SegmentSigner signer = new Md5SegmentSigner();
        List<String> lines = new ArrayList<>();
        Map<String, Object> typo = config("192.0.2.1", "text:k", "", 0);
        typo.put("localPrt", "179");
        new Md5KeyConfiguration(signer, typo, lines::add);
        Map<String, Object> badPort = config("192.0.2.1", "text:k", "", 0);
        badPort.put("localPort", "bgp");
        new Md5KeyConfiguration(signer, badPort, lines::add);
        assertEquals(List.of(), signer.keys());
        assertEquals(List.of(
                "tcplab sign-md5: key configuration ignored, nothing changed: org.tcplab.sign.md5.key: unknown property"
                        + " 'localPrt' (known: key, localAddress, localPort, peer)",
                "tcplab sign-md5: key configuration ignored, nothing changed: org.tcplab.sign.md5.key: localPort = 'bgp'"
                        + " is not a whole number"), lines);
    }

    @Test
    void aNewBadConfigurationAddsNothing() {
        Md5SegmentSigner signer = new Md5SegmentSigner();
        List<String> lines = new ArrayList<>();
        new Md5KeyConfiguration(signer, config("", "text:k", "", 0), lines::add);
        assertEquals(List.of(), signer.keys());
        assertEquals(1, lines.size());
    }
}
