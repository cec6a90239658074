package org.tcplab.scenarios.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.sign.SegmentSigner;
import org.tcplab.policy.linux.internal.LinuxPolicy;
import org.tcplab.sign.ao.internal.AoSegmentSigner;
import org.tcplab.sign.md5.internal.Md5SegmentSigner;
import org.tcplab.tcp.internal.TcpEngine;

/** The signed bulk measure's pieces run, sign as asked and clean up (tiny sizes: this checks code, it measures nothing). */
class SignedBenchTest {

    static TcpEngine stack(List<SegmentSigner> signers) {
        RstPolicy linux = new LinuxPolicy();
        return new TcpEngine(() -> linux, n -> linux, () -> List.of("linux"), () -> signers);
    }

    @Test
    void everyModeRunsSignedAsAskedAndLeavesNoKeyBehind() {
        Md5SegmentSigner md5 = new Md5SegmentSigner();
        AoSegmentSigner ao = new AoSegmentSigner();
        SignedBench b = new SignedBench(stack(List.of(md5, ao)), "linux");
        Map<SignedBench.Mode, SignedBench.Measure> m = b.run(256 << 10, 1);
        for (SignedBench.Measure x : m.values()) {
            assertEquals(null, x.refused(), x.mode().label);
            assertTrue(x.median() > 0, x.mode().label);
        }
        assertEquals(List.of(), md5.keys());
        assertEquals(List.of(), ao.keys());
        String report = SignedBench.report(m, 1, 1);
        assertTrue(report.contains("TCP-AO cmac(aes128)") && report.contains("x unsigned (goal >= 0.5x)"), report);
    }

    @Test
    void aStackWithoutSignersMeasuresUnsignedOnlyAndSaysWhy() {
        SignedBench b = new SignedBench(stack(List.of()), "linux");
        Map<SignedBench.Mode, SignedBench.Measure> m = b.run(64 << 10, 1);
        assertEquals(null, m.get(SignedBench.Mode.UNSIGNED).refused());
        assertEquals("TCP-MD5: ENOPROTOOPT (no such signer in this stack)", m.get(SignedBench.Mode.MD5).refused());
        assertTrue(SignedBench.report(m, 1, 1).contains("not measured: TCP-AO hmac(sha1): ENOPROTOOPT"));
    }

    @Test
    void badArgumentsGetOneClearMessage() {
        TcpEngine s = stack(List.of());
        assertEquals("unknown option --bulk; usage: bench --signed [--bulk-mb N] [--rounds N]",
                assertThrows(IllegalArgumentException.class, () -> SignedBench.command(s, "linux", "--bulk", "1"))
                        .getMessage());
        assertEquals("--rounds 0: accepted is 1..101", assertThrows(IllegalArgumentException.class,
                () -> SignedBench.command(s, "linux", "--rounds", "0")).getMessage());
    }
}
