package org.tcplab.launcher;

/** A failure the user can act on: its message is printed as one line, after "tcplab: ". */
final class LauncherException extends Exception {

    private static final long serialVersionUID = 1L;

    LauncherException(String message) {
        super(message);
    }

    LauncherException(String message, Throwable cause) {
        super(message, cause);
    }
}
