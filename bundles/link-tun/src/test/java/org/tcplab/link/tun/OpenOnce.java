package org.tcplab.link.tun;

/** Opens one TUN link the way a user would and reports the outcome on one line; run by TunLinkIT in a changed world. */
public final class OpenOnce {

    private OpenOnce() {
    }

    public static void main(String[] args) {
        try (TunLink link = TunLink.open(TunSettings.of(args[0], "192.0.2.1/24", "192.0.2.2")
                .withReadyTimeout(java.time.Duration.ZERO))) {
            System.out.println("opened " + link.name());
        } catch (TunException e) {
            System.err.println(e.reason() + ": " + e.getMessage());
            System.exit(3);
        }
    }
}
