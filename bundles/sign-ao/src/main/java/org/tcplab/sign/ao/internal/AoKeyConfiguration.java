package org.tcplab.sign.ao.internal;

import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
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

    @Activate
    public AoKeyConfiguration(@Reference AoSigner signer, Config config) {
        this(signer, config, line -> System.err.println(line));
    }

    AoKeyConfiguration(AoSigner signer, Config config, Consumer<String> report) {
        this.signer = signer;
        this.report = report;
        modified(config);
    }

    @Modified
    void modified(Config config) {
        AoKey key;
        try {
            key = parse(config);
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

    /** The key a configuration describes; IllegalArgumentException with one clear message otherwise. */
    static AoKey parse(Config config) {
        if (config.peer() == null || config.peer().isBlank()) {
            throw new IllegalArgumentException("peer is missing (an address such as 192.0.2.2 or a prefix such as 192.0.2.0/24)");
        }
        String peer = config.peer().trim();
        int slash = peer.indexOf('/');
        int address = Keys.parseAddress(slash < 0 ? peer : peer.substring(0, slash));
        int prefix;
        try {
            prefix = slash < 0 ? 32 : Integer.parseInt(peer.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("peer prefix length is not a number: " + peer);
        }
        String local = config.localAddress() == null ? "" : config.localAddress().trim();
        int localAddress = local.isEmpty() ? 0 : Keys.parseAddress(local);
        AoAlgorithm algorithm = AoAlgorithm.parse(config.algorithm() == null ? "" : config.algorithm());
        return new AoKey(config.sendId(), config.recvId(), algorithm, config.macLength(), config.excludeOptions(),
            address, prefix, localAddress, config.localPort(), Keys.parseSecret(config.key()));
    }
}
