package org.tcplab.shell.internal;

import java.io.PrintStream;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Prints warnings and errors logged in the container (a refused configuration, a component that failed) to
 * the console's error stream, one line each, so that nothing a user must know about is only in a log buffer.
 * The reader is optional: in a container with its own log console (Karaf) there may be none to listen to.
 */
@Component(immediate = true)
public final class ConsoleLog implements LogListener {

    private final PrintStream err = System.err;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addReader(LogReaderService reader) {
        reader.addLogListener(this);
    }

    void removeReader(LogReaderService reader) {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        if (entry.getLogLevel().ordinal() > LogLevel.WARN.ordinal()) {
            return;
        }
        String bundle = entry.getBundle() == null ? "?" : entry.getBundle().getSymbolicName();
        Throwable failure = entry.getException();
        err.println("tcplab: " + entry.getLogLevel() + " [" + bundle + "] " + entry.getMessage()
                + (failure == null ? "" : " (" + failure + ")"));
    }
}
