package org.tcplab.link.tun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Tests with the kernel as the peer need root (TUN devices, network namespaces). Not root: they FAIL, unless
 * {@code -Dtcplab.skipRootTests=true} says to skip them, which is printed loudly. They never pass by doing nothing.
 */
final class RootOnly implements BeforeAllCallback {

    static final String OPT_OUT = "tcplab.skipRootTests";

    @Override
    public void beforeAll(ExtensionContext context) {
        if (effectiveUid() == 0) {
            return;
        }
        String what = context.getDisplayName();
        if (Boolean.getBoolean(OPT_OUT)) {
            System.err.println("!!!!!!!! SKIPPED: " + what + " needs root (uid " + effectiveUid()
                + ") and -D" + OPT_OUT + "=true was given: the kernel-peer tests did NOT run !!!!!!!!");
            Assumptions.abort("not root, and -D" + OPT_OUT + "=true");
        }
        Assertions.fail(what + " needs root (TUN devices and network namespaces); this is uid " + effectiveUid()
            + ". Run as root, or pass -D" + OPT_OUT + "=true to skip these tests knowingly.");
    }

    static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.split("\\s+")[2]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Fall through: not knowing is not being root.
        }
        return -1;
    }
}
