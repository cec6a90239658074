package org.tcplab.policy.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tcplab.api.policy.ChallengeAckLimits;
import org.tcplab.api.policy.SegmentContext;
import org.tcplab.api.policy.TimeWaitRstVerdict;
import org.tcplab.api.tcp.TcpState;

class LinuxPolicyConfigTest {

    private static final SegmentContext RST_IN_TIME_WAIT =
            new SegmentContext(TcpState.TIME_WAIT, 1000, 0, 0, 1000, 65535, 500, 500, 65535);

    @Test
    void rfc1337TrueMakesTimeWaitIgnoreRsts() {
        LinuxPolicy policy = new LinuxPolicy();
        assertEquals(List.of(), policy.apply(Map.of("rfc1337", "true")));
        assertEquals(TimeWaitRstVerdict.IGNORE, policy.rstInTimeWait(RST_IN_TIME_WAIT));
        assertEquals(Map.of("rfc1337", true, "invalidRateLimitMs", 500L, "challengeAckLimit", "off"),
                policy.configuration());
    }

    @Test
    void inTimeWaitOnlyARstAtRcvNxtClosesAndOnlyWithoutRfc1337() {
        SegmentContext notExact = new SegmentContext(TcpState.TIME_WAIT, 1005, 0, 0, 1000, 65535, 500, 500, 65535);
        assertEquals(TimeWaitRstVerdict.CLOSE, new LinuxPolicy(false).rstInTimeWait(RST_IN_TIME_WAIT));
        assertEquals(TimeWaitRstVerdict.IGNORE, new LinuxPolicy(false).rstInTimeWait(notExact));
        assertEquals(TimeWaitRstVerdict.IGNORE, new LinuxPolicy(true).rstInTimeWait(RST_IN_TIME_WAIT));
    }

    @Test
    void aBadValueIsRefusedAndTheConfigurationInForceStays() {
        LinuxPolicy policy = new LinuxPolicy(true);
        assertEquals(List.of("org.tcplab.policy.linux: rfc1337 = 'maybe' is not a boolean (true or false)"),
                policy.apply(Map.of("rfc1337", "maybe")));
        assertEquals(TimeWaitRstVerdict.IGNORE, policy.rstInTimeWait(RST_IN_TIME_WAIT));
    }

    @Test
    void aMisspeltKeyRefusesTheWholeUpdate() {
        LinuxPolicy policy = new LinuxPolicy(false);
        List<String> errors = policy.apply(Map.of("rfc1337", "true", "rfc1377", "true"));
        assertEquals(List.of("org.tcplab.policy.linux: unknown property 'rfc1377' "
                + "(known: challengeAckLimit, invalidRateLimitMs, rfc1337)"), errors);
        assertEquals(TimeWaitRstVerdict.CLOSE, policy.rstInTimeWait(RST_IN_TIME_WAIT));
    }

    @Test
    void theComponentsOwnServicePropertiesAreNotMistakenForConfiguration() {
        LinuxPolicy policy = new LinuxPolicy(false);
        assertEquals(List.of(), policy.apply(Map.of("name", "linux", "service.ranking", 100, "component.id", 4L,
                "rfc1337", true)));
        assertEquals(TimeWaitRstVerdict.IGNORE, policy.rstInTimeWait(RST_IN_TIME_WAIT));
    }

    @Test
    void rateLimitsAreTakenFromTheConfiguration() {
        LinuxPolicy policy = new LinuxPolicy();
        assertEquals(ChallengeAckLimits.LINUX_DEFAULTS, policy.challengeAckLimits());
        assertEquals(List.of(), policy.apply(Map.of("invalidRateLimitMs", "0", "challengeAckLimit", 100)));
        assertEquals(new ChallengeAckLimits(Duration.ZERO, 100), policy.challengeAckLimits());
    }

    @Test
    void outOfRangeLimitsAreRefusedTogetherWithTheRestOfTheUpdate() {
        LinuxPolicy policy = new LinuxPolicy();
        assertEquals(List.of(
                "org.tcplab.policy.linux: invalidRateLimitMs = 'soon' is not a whole number",
                "org.tcplab.policy.linux: challengeAckLimit = '-5' is out of range [0, 2147483647]"),
                policy.apply(Map.of("rfc1337", "true", "invalidRateLimitMs", "soon", "challengeAckLimit", -5)));
        assertEquals(TimeWaitRstVerdict.CLOSE, policy.rstInTimeWait(RST_IN_TIME_WAIT));
        assertEquals(ChallengeAckLimits.LINUX_DEFAULTS, policy.challengeAckLimits());
    }

    @Test
    void anEmptyConfigurationRestoresTheDefault() {
        LinuxPolicy policy = new LinuxPolicy(true);
        assertEquals(List.of(), policy.apply(Map.of()));
        assertEquals(TimeWaitRstVerdict.CLOSE, policy.rstInTimeWait(RST_IN_TIME_WAIT));
    }
}
