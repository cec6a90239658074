package org.tcplab.sign.ao.internal;

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
import org.tcplab.api.sign.AoAlgorithm;
import org.tcplab.api.sign.AoKey;
import org.tcplab.api.sign.AoSigner;
import org.tcplab.api.sign.KeyChange;
import org.tcplab.api.sign.Keys;

/**
 * One TCP-AO master key tuple from ConfigAdmin: each factory configuration {@code org.tcplab.sign.ao.key~name}
 * adds one key while it exists. A configuration that does not parse, or whose ids clash with a key already
 * there, gives one line naming the problem (never the secret) and changes nothing.
 */
@Component(configurationPid = AoKeyConfiguration.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = AoKeyConfiguration.Config.class, factory = true)
public final class AoKeyConfiguration {

    static final String FACTORY_PID = "org.tcplab.sign.ao.key";

    @ObjectClassDefinition(name = "tcplab TCP-AO master key tuple",
            description = "One RFC 5925 MKT for a peer address or prefix, like setsockopt(TCP_AO_ADD_KEY).")
    public @interface Config {
        @AttributeDefinition(description = "Peer address or prefix: 192.0.2.2, 192.0.2.0/24, 0.0.0.0/0 for every peer")
        String peer();

        @AttributeDefinition(type = AttributeType.PASSWORD,
                description = "The master key, hex:<hex digits> (any bytes) or text:<printable ASCII>, 1..80 bytes")
        String key();

        @AttributeDefinition(description = "KeyID we send, 0..255")
        int sendId();

        @AttributeDefinition(description = "KeyID the peer sends, 0..255")
        int recvId();

        @AttributeDefinition(description = "hmac(sha1) (HMAC-SHA-1-96) or cmac(aes128) (AES-128-CMAC-96)")
        String algorithm() default "hmac(sha1)";

        @AttributeDefinition(description = "MAC length in bytes (RFC 5926: 12)")
        int macLength() default 12;

        @AttributeDefinition(description = "Leave TCP options other than AO out of the MAC")
        boolean excludeOptions() default false;

        @AttributeDefinition(description = "Only for this local address (empty: any)")
        String localAddress() default "";

        @AttributeDefinition(description = "Only for this local port, e.g. a listener's (0: any)")
        int localPort() default 0;
    }

    private final AoSigner signer;
    private final Consumer<String> report;
    private AoKey installed;

    /** Refusals go to the container's log, which the console shows (shell's ConsoleLog) and Karaf keeps. */
    @Activate
    public AoKeyConfiguration(@Reference AoSigner signer, @Reference(service = LoggerFactory.class) Logger logger,
            Map<String, Object> properties) {
        this(signer, properties, logger::error);
    }

    AoKeyConfiguration(AoSigner signer, Map<String, ?> properties, Consumer<String> report) {
        this.signer = signer;
        this.report = report;
        modified(properties);
    }

    @Modified
    void modified(Map<String, ?> properties) {
        AoKey key;
        try {
            key = parse(properties);
        } catch (IllegalArgumentException e) {
            report.accept("tcplab sign-ao: key configuration ignored, nothing changed: " + e.getMessage());
            return;
        }
        if (key.equals(installed)) {
            return;
        }
        AoKey previous = installed;
        if (previous != null) {
            signer.removeKey(previous);
        }
        if (signer.addKey(key) == KeyChange.ID_CONFLICT) {
            if (previous != null) {
                signer.addKey(previous);
            }
            report.accept("tcplab sign-ao: key configuration ignored, nothing changed: send id " + key.sendId()
                + " or receive id " + key.recvId() + " is already used by a key for an overlapping peer");
            return;
        }
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
     * The key tuple a configuration describes, read strictly (a misspelt key or a number that is no number is an
     * error, never a default); IllegalArgumentException with one clear message otherwise, never naming the secret.
     */
    static AoKey parse(Map<String, ?> properties) {
        ConfigReader config = ConfigReader.of(FACTORY_PID, properties);
        String peer = config.string("peer", "", Set.of());
        String secret = config.string("key", "", Set.of());
        long sendId = config.integer("sendId", -1, 0, 255);
        long recvId = config.integer("recvId", -1, 0, 255);
        String algorithm = config.string("algorithm", "hmac(sha1)", Set.of());
        long macLength = config.integer("macLength", 12, 1, 40);
        boolean excludeOptions = config.bool("excludeOptions", false);
        String local = config.string("localAddress", "", Set.of());
        long localPort = config.integer("localPort", 0, 0, 65535);
        List<String> errors = config.check();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        if (peer.isEmpty()) {
            throw new IllegalArgumentException("peer is missing (an address such as 192.0.2.2 or a prefix such as 192.0.2.0/24)");
        }
        if (sendId < 0 || recvId < 0) {
            throw new IllegalArgumentException("sendId and recvId are required, 0..255");
        }
        Keys.Prefix prefix = Keys.parsePrefix(peer);
        int localAddress = local.isEmpty() ? 0 : Keys.parseAddress(local);
        return new AoKey((int) sendId, (int) recvId, AoAlgorithm.parse(algorithm), (int) macLength, excludeOptions,
                prefix.address(), prefix.length(), localAddress, (int) localPort, Keys.parseSecret(secret));
    }
}
