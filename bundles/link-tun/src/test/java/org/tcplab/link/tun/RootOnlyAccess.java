package org.tcplab.link.tun;

import org.junit.jupiter.api.extension.ExtensionContext;

/** Lets tests in other packages apply {@link RootOnly}. */
public final class RootOnlyAccess {

    private RootOnlyAccess() {
    }

    public static void check(ExtensionContext context) {
        new RootOnly().beforeAll(context);
    }
}
