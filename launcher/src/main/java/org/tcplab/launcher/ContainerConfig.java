package org.tcplab.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The container's framework properties: {@code etc/config.properties} of a tcplab home, with
 * {@code ${tcplab.home}} replaced. Public so that the Pax Exam suite boots exactly what the launcher boots.
 */
public final class ContainerConfig {

    public static final String HOME_PROPERTY = "tcplab.home";

    private ContainerConfig() {
    }

    /** The properties of {@code home}/etc/config.properties, plus {@code tcplab.home} itself. */
    public static Map<String, String> frameworkProperties(Path home) throws IOException {
        Path file = home.resolve("etc").resolve("config.properties");
        Properties raw = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            raw.load(in);
        }
        Map<String, String> props = new HashMap<>();
        String homeText = home.toAbsolutePath().normalize().toString();
        for (String key : raw.stringPropertyNames()) {
            props.put(key, raw.getProperty(key).replace("${" + HOME_PROPERTY + "}", homeText));
        }
        props.put(HOME_PROPERTY, homeText);
        return props;
    }
}
