package org.tcplab.api.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one configuration dictionary strictly. Each getter returns the value or, when the key is absent, the
 * default; a value it cannot accept is recorded as an error and the default is returned, so all errors of a
 * dictionary are found in one pass. Call {@link #check()} after reading to learn whether to apply it.
 *
 * <p>Values may arrive typed (from a metatype-aware source) or as text (from a {@code .cfg} file): both are
 * accepted. Keys set by the framework, ConfigAdmin, DS and FileInstall are ignored.
 */
public final class ConfigReader {

    private static final List<String> FRAMEWORK_PREFIXES =
            List.of("service.", "component.", "felix.", "osgi.", ".");

    private final String pid;
    private final Map<String, ?> properties;
    private final Set<String> read = new TreeSet<>();
    private final Set<String> ignored = new TreeSet<>();
    private final List<String> errors = new ArrayList<>();

    private ConfigReader(String pid, Map<String, ?> properties) {
        this.pid = pid;
        this.properties = properties;
    }

    /** A reader of {@code properties}, the configuration of {@code pid} (named in messages). */
    public static ConfigReader of(String pid, Map<String, ?> properties) {
        return new ConfigReader(pid, properties == null ? Map.of() : properties);
    }

    /**
     * Keys that are not configuration but arrive in the same dictionary, such as a component's own service
     * properties, which Declarative Services merges with the configuration.
     */
    public ConfigReader ignore(String... keys) {
        ignored.addAll(List.of(keys));
        return this;
    }

    /** A boolean: {@code true} or {@code false}, in any letter case. */
    public boolean bool(String key, boolean defaultValue) {
        Object value = take(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().strip();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        return fail(key, value, "is not a boolean (true or false)", defaultValue);
    }

    /** A whole number in {@code [min, max]}. */
    public long integer(String key, long defaultValue, long min, long max) {
        Object value = take(key);
        if (value == null) {
            return defaultValue;
        }
        long number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            number = ((Number) value).longValue();
        } else {
            try {
                number = Long.parseLong(value.toString().strip());
            } catch (NumberFormatException e) {
                return fail(key, value, "is not a whole number", defaultValue);
            }
        }
        if (number < min || number > max) {
            return fail(key, value, "is out of range [" + min + ", " + max + "]", defaultValue);
        }
        return number;
    }

    /** A string; {@code allowed} empty means any non-blank text, otherwise one of its members. */
    public String string(String key, String defaultValue, Set<String> allowed) {
        Object value = take(key);
        if (value == null) {
            return defaultValue;
        }
        String text = value.toString().strip();
        if (text.isEmpty()) {
            return fail(key, value, "is empty", defaultValue);
        }
        if (!allowed.isEmpty() && !allowed.contains(text)) {
            return fail(key, value, "is not one of " + new TreeSet<>(allowed), defaultValue);
        }
        return text;
    }

    /**
     * The errors found so far, plus one for every key that no getter asked for (a misspelt key must not be
     * ignored silently). Empty when the configuration can be applied.
     */
    public List<String> check() {
        List<String> all = new ArrayList<>(errors);
        for (String key : new TreeSet<>(properties.keySet())) {
            if (!read.contains(key) && !ignored.contains(key) && FRAMEWORK_PREFIXES.stream().noneMatch(key::startsWith)) {
                all.add(pid + ": unknown property '" + key + "' (known: " + String.join(", ", read) + ")");
            }
        }
        return all;
    }

    private Object take(String key) {
        read.add(key);
        return properties.get(key);
    }

    private <T> T fail(String key, Object value, String why, T defaultValue) {
        errors.add(pid + ": " + key + " = '" + value + "' " + why);
        return defaultValue;
    }
}
