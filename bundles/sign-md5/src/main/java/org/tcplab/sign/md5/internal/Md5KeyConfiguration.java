package org.tcplab.sign.md5.internal;

import org.tcplab.api.config.ConfigReader;
import java.util.Set;
import java.util.Map;
import java.util.List;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.tcplab.api.sign.Keys;
import org.tcplab.api.sign.Md5Key;
import org.tcplab.api.sign.Md5Signer;

/**
 * One TCP-MD5 key from ConfigAdmin: each factory configuration {@code org.tcplab.sign.md5.key~name} (a file
 * {@code etc/org.tcplab.sign.md5.key~bgp.cfg}) adds one key while it exists. A configuration that does not parse
 * gives one line naming the problem (never the secret) and changes nothing: a new one adds no key, a changed one
 * keeps the key it had.
 */
@Component(configurationPid = Md5KeyConfiguration.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = Md5KeyConfiguration.Config.class, factory = true)
public final class Md5KeyConfiguration {

    static final String FACTORY_PID = "org.tcplab.sign.md5.key";

    @ObjectClassDefinition(name = "tcplab TCP-MD5 key",
            description = "One RFC 2385 key for a peer address or prefix, like setsockopt(TCP_MD5SIG_EXT).")
    public @interface Config {
        @AttributeDefinition(description = "Peer address or prefix: 192.0.2.2, 192.0.2.0/24, 0.0.0.0/0 for every peer")
        String peer();

        @AttributeDefinition(type = AttributeType.PASSWORD,
                description = "The secret, hex:<hex digits> (any bytes) or text:<printable ASCII>, 1..80 bytes")
        String key();

        @AttributeDefinition(description = "Only for this local address (empty: any)")
        String localAddress() default "";

        @AttributeDefinition(description = "Only for this local port, e.g. a listener's (0: any)")
        int localPort() default 0;
    }

    private final Md5Signer signer;
    private final Consumer<String> report;
    private Md5Key installed;

    /** Refusals go to the container's log, which the console shows (shell's ConsoleLog) and Karaf keeps. */
    @Activate
    public Md5KeyConfiguration(@Reference Md5Signer signer, @Reference(service = LoggerFactory.class) Logger logger,
            Map<String, Object> properties) {
        this(signer, properties, logger::error);
    }

    Md5KeyConfiguration(Md5Signer signer, Map<String, ?> properties, Consumer<String> report) {
        this.signer = signer;
        this.report = report;
        modified(properties);
    }

    @Modified
    void modified(Map<String, ?> properties) {
        Md5Key key;
        try {
            key = parse(properties);
        } catch (IllegalArgumentException e) {
            report.accept("tcplab sign-md5: key configuration ignored, nothing changed: " + e.getMessage());
            return;
        }
        if (installed != null && !installed.sameSlot(key)) {
            signer.removeKey(installed);
        }
        signer.addKey(key);
        installed = key;
    }

    @Deactivate
    void deactivate() {
        if (installed != null) {
            signer.removeKey(installed);
            installed = null;
        }
    }

    /**
     * The key a configuration describes, read strictly (a misspelt key or a port that is no number is an error,
     * never a default); IllegalArgumentException with one clear message otherwise, never naming the secret.
     */
    static Md5Key parse(Map<String, ?> properties) {
        ConfigReader config = ConfigReader.of(FACTORY_PID, properties);
        String peer = config.string("peer", "", Set.of());
        String secret = config.string("key", "", Set.of());
        String local = config.string("localAddress", "", Set.of());
        long localPort = config.integer("localPort", 0, 0, 65535);
        List<String> errors = config.check();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        if (peer.isEmpty()) {
            throw new IllegalArgumentException("peer is missing (an address such as 192.0.2.2 or a prefix such as 192.0.2.0/24)");
        }
        Keys.Prefix prefix = Keys.parsePrefix(peer);
        int localAddress = local.isEmpty() ? 0 : Keys.parseAddress(local);
        return new Md5Key(prefix.address(), prefix.length(), localAddress, (int) localPort, Keys.parseSecret(secret));
    }
}
