package org.tcplab.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * Entry point of the {@code tcplab} command. With no arguments it opens the Gogo shell in a container with
 * every tcplab bundle started; with arguments it runs them as one shell command and exits with its status.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("tcplab.home", "launcher")).toAbsolutePath().normalize();
        int status;
        try {
            status = new Launcher(home).run(List.of(args));
        } catch (LauncherException e) {
            System.err.println("tcplab: " + e.getMessage());
            status = 1;
        }
        Shutdown.exit(status);
    }
}
