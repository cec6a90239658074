package org.tcplab.link.tun.internal;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** {@code RootOnly} for this package's tests (it is package-private next door). */
final class RootOnlyHere implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        org.tcplab.link.tun.RootOnlyAccess.check(context);
    }
}
