package org.tcplab.itests;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.policy.SegmentContext;
import org.tcplab.api.policy.TimeWaitRstVerdict;
import org.tcplab.api.tcp.TcpState;

/** The launcher's FileInstall set-up, live: etc/*.cfg reaches components, deploy/ installs and removes bundles. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FileInstallIT {

    private static final long TIMEOUT_MILLIS = 15_000;
    private static final SegmentContext RST_IN_TIME_WAIT =
            new SegmentContext(TcpState.TIME_WAIT, 1000, 0, 0, 1000, 65535, 500, 500, 65535);

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return TcplabContainer.options("fileinstall");
    }

    private Path home() {
        return Path.of(context.getProperty("tcplab.home"));
    }

    @Test
    public void aCfgDroppedIntoEtcIsAppliedLiveAndItsRemovalRevertsIt() throws Exception {
        RstPolicy linux = policy("linux");
        assertEquals(TimeWaitRstVerdict.CLOSE, linux.rstInTimeWait(RST_IN_TIME_WAIT));

        Path cfg = home().resolve("etc").resolve("org.tcplab.policy.linux.cfg");
        Files.writeString(cfg, "rfc1337 = true\n");
        Await.until("rfc1337=true reaches the Linux policy", TIMEOUT_MILLIS,
                () -> policy("linux").rstInTimeWait(RST_IN_TIME_WAIT) == TimeWaitRstVerdict.IGNORE,
                () -> policy("linux").rstInTimeWait(RST_IN_TIME_WAIT));

        Files.delete(cfg);
        Await.until("removing the file restores the default", TIMEOUT_MILLIS,
                () -> policy("linux").rstInTimeWait(RST_IN_TIME_WAIT) == TimeWaitRstVerdict.CLOSE,
                () -> policy("linux").rstInTimeWait(RST_IN_TIME_WAIT));
    }

    @Test
    public void aBadValueInEtcIsRefusedWithALoggedReasonAndTheConfigurationInForceStays() throws Exception {
        Path cfg = home().resolve("etc").resolve("org.tcplab.policy.linux.cfg");
        try {
            Files.writeString(cfg, "rfc1337 = true\n");
            Await.until("rfc1337=true reaches the Linux policy", TIMEOUT_MILLIS,
                    () -> policy("linux").rstInTimeWait(RST_IN_TIME_WAIT) == TimeWaitRstVerdict.IGNORE,
                    () -> policy("linux").rstInTimeWait(RST_IN_TIME_WAIT));

            Files.writeString(cfg, "rfc1337 = maybe\n");
            String reason = "org.tcplab.policy.linux: rfc1337 = 'maybe' is not a boolean (true or false)";
            Await.until("the refusal is logged", TIMEOUT_MILLIS, () -> logged(reason), () -> "no such log entry");
            assertEquals("the configuration in force stays", TimeWaitRstVerdict.IGNORE,
                    policy("linux").rstInTimeWait(RST_IN_TIME_WAIT));
        } finally {
            Files.deleteIfExists(cfg);
        }
        Await.until("removing the file restores the default", TIMEOUT_MILLIS,
                () -> policy("linux").rstInTimeWait(RST_IN_TIME_WAIT) == TimeWaitRstVerdict.CLOSE,
                () -> policy("linux").rstInTimeWait(RST_IN_TIME_WAIT));
    }

    private boolean logged(String text) {
        LogReaderService reader = context.getService(context.getServiceReference(LogReaderService.class));
        for (Enumeration<LogEntry> e = reader.getLog(); e.hasMoreElements();) {
            LogEntry entry = e.nextElement();
            if (entry.getLogLevel() == LogLevel.ERROR && entry.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    @Test
    public void aBundleCopiedIntoDeployStartsAndIsUninstalledWhenRemoved() throws Exception {
        String name = "org.example.deployed";
        byte[] jar = TestBundles.jar(Map.of("Bundle-SymbolicName", name, "Bundle-Version", "1.0.0"),
                new Class<?>[0], Map.of("hello.txt", "deployed by FileInstall"));
        Path file = home().resolve("deploy").resolve("example.jar");
        Files.write(file, jar);
        Await.until(name + " is ACTIVE", TIMEOUT_MILLIS,
                () -> state(name) == Bundle.ACTIVE, () -> "state " + state(name));

        Files.delete(file);
        Await.until(name + " is uninstalled", TIMEOUT_MILLIS, () -> state(name) == 0, () -> "state " + state(name));
    }

    /** The bundle's state, or 0 when no such bundle is installed. */
    private int state(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b.getState();
            }
        }
        return 0;
    }

    private RstPolicy policy(String name) {
        try {
            return context.getService(context.getServiceReferences(RstPolicy.class, "(name=" + name + ")")
                    .iterator().next());
        } catch (Exception e) {
            throw new AssertionError("no policy " + name, e);
        }
    }
}
