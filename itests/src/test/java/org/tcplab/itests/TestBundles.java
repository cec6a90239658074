package org.tcplab.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Bundles built at test time: a manifest, classes taken from the test's class path, and resources. What a
 * third-party bundle of tcplab contains, written out in full.
 */
public final class TestBundles {

    private TestBundles() {
    }

    /** A jar with {@code headers} in its manifest, the given classes, and {@code resources} (path -> text). */
    public static byte[] jar(Map<String, String> headers, Class<?>[] classes, Map<String, String> resources) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        headers.forEach(main::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Class<?> type : classes) {
                String path = type.getName().replace('.', '/') + ".class";
                try (InputStream in = type.getClassLoader().getResourceAsStream(path)) {
                    if (in == null) {
                        throw new IllegalStateException("no class file for " + type.getName());
                    }
                    jar.putNextEntry(new JarEntry(path));
                    in.transferTo(jar);
                }
            }
            for (Map.Entry<String, String> r : resources.entrySet()) {
                jar.putNextEntry(new JarEntry(r.getKey()));
                jar.write(r.getValue().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A policy bundle as a third party would ship it: one class implementing RstPolicy, registered by a
     * Declarative Services component with the given name and ranking.
     */
    public static InputStream policyBundle(String symbolicName, Class<?> policy, String name, int ranking) {
        String component = """
                <?xml version="1.0" encoding="UTF-8"?>
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="%s" immediate="true">
                  <implementation class="%s"/>
                  <service><provide interface="org.tcplab.api.policy.RstPolicy"/></service>
                  <property name="name" type="String" value="%s"/>
                  <property name="service.ranking" type="Integer" value="%d"/>
                </scr:component>
                """.formatted(policy.getName(), policy.getName(), name, ranking);
        Map<String, String> headers = Map.of(
                "Bundle-SymbolicName", symbolicName,
                "Bundle-Version", "1.0.0",
                "Import-Package", "org.tcplab.api.policy;version=\"[1.0,2)\",org.tcplab.api.tcp;version=\"[1.0,2)\"",
                "Service-Component", "OSGI-INF/policy.xml",
                "Require-Capability",
                "osgi.extender;filter:=\"(&(osgi.extender=osgi.component)(version>=1.3)(!(version>=2)))\"");
        return new ByteArrayInputStream(jar(headers, new Class<?>[] {policy}, Map.of("OSGI-INF/policy.xml", component)));
    }
}
