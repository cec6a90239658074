package org.tcplab.link.tun;

/**
 * The system could not give us the interface asked for. The message is one line naming the cause (errno
 * name, the failing iproute2 command and its answer) and is meant to be shown as it is, without a stack trace.
 * Nothing is left behind when this is thrown: the device is closed and the interface gone.
 */
public final class TunException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** Not Linux, not 64-bit, or JNA cannot bind libc. */
        UNSUPPORTED,
        /** EPERM/EACCES: opening /dev/net/tun or TUNSETIFF needs CAP_NET_ADMIN (root). */
        NO_PRIVILEGE,
        /** ENOENT/ENODEV: no /dev/net/tun (module tun not loaded, or a container without the device). */
        NO_DEVICE,
        /** EBUSY: an interface of that name already exists. */
        NAME_TAKEN,
        /** The configured network namespace does not exist. */
        NO_NETNS,
        /** An iproute2 command failed (its answer is in the message), or iproute2 is missing. */
        CONFIGURE_FAILED,
        /** The kernel did not answer the readiness probe in time. */
        NOT_READY,
        /** Another system call failed. */
        SYSTEM
    }

    private final Reason reason;

    public TunException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** No stack trace: this is an answer from the system, not a bug. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
