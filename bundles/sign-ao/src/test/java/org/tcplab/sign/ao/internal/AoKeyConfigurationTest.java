package org.tcplab.sign.ao.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tcplab.api.sign.AoAlgorithm;
import org.tcplab.api.sign.AoKey;

class AoKeyConfigurationTest {

    /** A configuration as ConfigAdmin hands it over from a .cfg file: text values. */
    static Map<String, Object> config(String peer, String key, int sendId, int recvId, String alg, int mac) {
        Map<String, Object> m = new HashMap<>();
        m.put("peer", peer);
        m.put("key", key);
        m.put("sendId", String.valueOf(sendId));
        m.put("recvId", String.valueOf(recvId));
        m.put("algorithm", alg);
        m.put("macLength", String.valueOf(mac));
        return m;
    }

    @Test
    void aKeyIdOutOfRangeOrAMisspeltKeyIsRefusedNotDefaulted() {
        AoSegmentSigner signer = new AoSegmentSigner();
        List<String> lines = new ArrayList<>();
        new AoKeyConfiguration(signer, config("10.0.0.1", "text:k", 256, 1, "hmac(sha1)", 12), lines::add);
        Map<String, Object> typo = config("10.0.0.1", "text:k", 1, 1, "hmac(sha1)", 12);
        typo.put("excludeOption", "true");
        new AoKeyConfiguration(signer, typo, lines::add);
        assertEquals(List.of(), signer.keys());
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("sendId = '256' is out of range [0, 255]"), lines.get(0));
        assertTrue(lines.get(1).contains("unknown property 'excludeOption'"), lines.get(1));
    }

    @Test
    void aGoodConfigurationAddsItsKeyAndRemovesItWhenDeleted() {
        AoSegmentSigner signer = new AoSegmentSigner();
        List<String> lines = new ArrayList<>();
        AoKeyConfiguration c = new AoKeyConfiguration(signer, config("10.11.12.13", "text:testvector", 61, 84, "cmac(aes128)", 12), lines::add);
        assertEquals(List.of(new AoKey(61, 84, AoAlgorithm.AES_128_CMAC_96, 12, false, 0x0A0B0C0D, 32, 0, 0,
            "testvector".getBytes())), signer.keys());
        c.deactivate();
        assertEquals(List.of(), signer.keys());
        assertEquals(List.of(), lines);
    }

    @Test
    void aBadConfigurationGivesOneLineWithoutTheSecretAndChangesNothing() {
        AoSegmentSigner signer = new AoSegmentSigner();
        List<String> lines = new ArrayList<>();
        AoKeyConfiguration c = new AoKeyConfiguration(signer, config("10.0.0.1", "hex:00112233", 1, 1, "hmac(sha1)", 12), lines::add);
        List<AoKey> before = signer.keys();
        c.modified(config("10.0.0.1", "hex:00112233", 1, 1, "hmac(sha256)", 12));
        c.modified(config("10.0.0.1", "topsecret", 1, 1, "hmac(sha1)", 12));
        c.modified(config("10.0.0.1", "hex:00112233", 1, 1, "hmac(sha1)", 17));
        assertEquals(before, signer.keys());
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).contains("unknown TCP-AO algorithm"), lines.get(0));
        assertFalse(lines.get(1).contains("topsecret"), lines.get(1));
        assertTrue(lines.get(2).contains("MAC length"), lines.get(2));
    }

    @Test
    void clashingIdsAreReportedAndTheOldKeyStays() {
        AoSegmentSigner signer = new AoSegmentSigner();
        List<String> lines = new ArrayList<>();
        new AoKeyConfiguration(signer, config("10.0.0.1", "text:one", 1, 1, "hmac(sha1)", 12), lines::add);
        new AoKeyConfiguration(signer, config("10.0.0.0/24", "text:two", 1, 5, "hmac(sha1)", 12), lines::add);
        assertEquals(1, signer.keys().size());
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains("already used"), lines.get(0));
    }
}
