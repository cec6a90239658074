package org.tcplab.launcher;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Runs one Gogo command line through the container's {@code CommandProcessor}, reached reflectively (the
 * Gogo API lives inside the container, not on the launcher's class path).
 */
final class Gogo {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int UNKNOWN_COMMAND = 2;

    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String SESSION = "org.apache.felix.service.command.CommandSession";
    private static final String SCOPE = "osgi.command.scope";
    private static final String FUNCTION = "osgi.command.function";

    private final BundleContext context;

    Gogo(BundleContext context) {
        this.context = context;
    }

    /** Executes {@code words} as one command line; prints its result; returns the exit status. */
    int execute(List<String> words) throws LauncherException {
        String line = commandLine(words);
        ServiceReference<?> ref = context.getServiceReference(PROCESSOR);
        if (ref == null) {
            throw new LauncherException("the Gogo command processor is not registered");
        }
        Object processor = context.getService(ref);
        try {
            Class<?> processorType = ref.getBundle().loadClass(PROCESSOR);
            Class<?> sessionType = ref.getBundle().loadClass(SESSION);
            // The raw descriptors, not System.out: Gogo's ThreadIO replaces System.out with a stream that writes
            // to the session's output, so handing it System.out would loop.
            PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
            Object session = processorType
                    .getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class)
                    .invoke(processor, new FileInputStream(FileDescriptor.in), out,
                            new FileOutputStream(FileDescriptor.err));
            try {
                Object result = sessionType.getMethod("execute", CharSequence.class).invoke(session, line);
                if (result != null) {
                    Object text = sessionType.getMethod("format", Object.class, int.class).invoke(session, result, 0);
                    out.println(text);
                }
                return OK;
            } catch (InvocationTargetException e) {
                return report(words.get(0), e.getCause());
            } finally {
                out.flush();
                sessionType.getMethod("close").invoke(session);
            }
        } catch (ReflectiveOperationException e) {
            throw new LauncherException("cannot use the Gogo command processor: " + e, e);
        } finally {
            context.ungetService(ref);
        }
    }

    private static int report(String command, Throwable failure) {
        PrintStream err = System.err;
        String message = String.valueOf(failure.getMessage());
        if (failure instanceof IllegalArgumentException && message.startsWith("Command not found:")) {
            err.println("tcplab: unknown command '" + command + "'; ./tcplab --help lists the commands");
            return UNKNOWN_COMMAND;
        }
        err.println("tcplab: " + command + ": " + (failure.getMessage() == null ? failure : message));
        if (Boolean.getBoolean("tcplab.debug")) {
            failure.printStackTrace(err);
        }
        return FAILED;
    }

    /** Joins arguments into a Gogo line, quoting those that Gogo would otherwise split or interpret. */
    static String commandLine(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            if (!word.isEmpty() && word.chars().noneMatch(c -> Character.isWhitespace(c) || "\"'${}()[]<>;|&\\#".indexOf(c) >= 0)) {
                line.append(word);
            } else {
                line.append('\'').append(word.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
            }
        }
        return line.toString();
    }

    /** Usage and every command registered now, by scope, tcplab first, with Gogo descriptions where given. */
    String help() throws LauncherException {
        Map<String, Map<String, String>> byScope = new TreeMap<>((a, b) ->
                a.equals("tcplab") ? (b.equals("tcplab") ? 0 : -1) : b.equals("tcplab") ? 1 : a.compareTo(b));
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(null, "(" + FUNCTION + "=*)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            String scope = String.valueOf(ref.getProperty(SCOPE));
            Object service = context.getService(ref);
            try {
                for (String function : functions(ref.getProperty(FUNCTION))) {
                    byScope.computeIfAbsent(scope, s -> new TreeMap<>()).put(function, describe(service, function));
                }
            } finally {
                context.ungetService(ref);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("usage: ./tcplab                    open the Gogo shell (stop 0 or Ctrl-D leaves)\n");
        out.append("       ./tcplab <command> [args]   run one shell command and exit with its status\n");
        out.append("       ./tcplab --help             this list\n");
        for (Map.Entry<String, Map<String, String>> scope : byScope.entrySet()) {
            out.append('\n').append(scope.getKey()).append(":\n");
            if (scope.getKey().equals("tcplab")) {
                for (Map.Entry<String, String> f : scope.getValue().entrySet()) {
                    // One line per overload: the first beside the name, the others under it.
                    String[] lines = f.getValue().split("\n", -1);
                    out.append(String.format("  %-16s %s%n", f.getKey(), lines[0]));
                    for (int i = 1; i < lines.length; i++) {
                        out.append(String.format("  %-16s %s%n", "", lines[i]));
                    }
                }
            } else {
                out.append("  ").append(String.join(" ", scope.getValue().keySet())).append('\n');
            }
        }
        return out.toString();
    }

    private static Iterable<String> functions(Object property) {
        TreeSet<String> names = new TreeSet<>();
        if (property instanceof String[] array) {
            names.addAll(List.of(array));
        } else if (property != null) {
            names.add(property.toString());
        }
        return names;
    }

    /**
     * The Gogo {@code @Descriptor} values of the command's methods (one line per overload, fewest parameters
     * first), matched by annotation name to avoid a class dependency.
     */
    private static String describe(Object service, String function) {
        if (service == null) {
            return "";
        }
        List<Method> overloads = new java.util.ArrayList<>();
        for (Method method : service.getClass().getMethods()) {
            if (method.getName().equals(function)) {
                overloads.add(method);
            }
        }
        overloads.sort(java.util.Comparator.comparingInt(Method::getParameterCount));
        StringBuilder lines = new StringBuilder();
        for (Method method : overloads) {
            for (Annotation annotation : method.getAnnotations()) {
                if (annotation.annotationType().getSimpleName().equals("Descriptor")) {
                    try {
                        Object text = annotation.annotationType().getMethod("value").invoke(annotation);
                        lines.append(lines.length() == 0 ? "" : "\n").append(text);
                    } catch (ReflectiveOperationException e) {
                        // no description for this overload
                    }
                }
            }
        }
        return lines.toString();
    }
}
