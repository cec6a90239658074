package org.tcplab.api.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.tcplab.api.link.Link;
import org.tcplab.api.sign.SegmentSigner;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.trace.TraceListener;

/**
 * How to make a host. Defaults are Linux's where Linux has one. Build with {@link #builder(String)}; a bad value
 * throws IllegalArgumentException from {@code build()} with one clear message.
 */
public final class HostConfig {

    private final String name;
    private final List<Integer> addresses;
    private final Link link;
    private final Clock clock;
    private final Duration msl;
    private final String policy;
    private final boolean udpFiltered;
    private final long seed;
    private final int icmpMsgsPerSec;
    private final int icmpMsgsBurst;
    private final Duration icmpRateLimit;
    private final int receiveBuffer;
    private final int sendBuffer;
    private final Duration initialRto;
    private final Duration minRto;
    private final Duration maxRto;
    private final int synRetries;
    private final int retries2;
    private final Duration delayedAck;
    private final boolean pollOnReceive;
    private final List<TraceListener> traceListeners;
    private final List<SegmentSigner> signers;

    private HostConfig(Builder b) {
        this.name = b.name;
        this.addresses = List.copyOf(b.addresses);
        this.link = b.link;
        this.clock = b.clock;
        this.msl = b.msl;
        this.policy = b.policy;
        this.udpFiltered = b.udpFiltered;
        this.seed = b.seed;
        this.icmpMsgsPerSec = b.icmpMsgsPerSec;
        this.icmpMsgsBurst = b.icmpMsgsBurst;
        this.icmpRateLimit = b.icmpRateLimit;
        this.receiveBuffer = b.receiveBuffer;
        this.sendBuffer = b.sendBuffer;
        this.initialRto = b.initialRto;
        this.minRto = b.minRto;
        this.maxRto = b.maxRto;
        this.synRetries = b.synRetries;
        this.retries2 = b.retries2;
        this.delayedAck = b.delayedAck;
        this.pollOnReceive = b.pollOnReceive;
        this.traceListeners = List.copyOf(b.traceListeners);
        this.signers = List.copyOf(b.signers);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() { return name; }
    public List<Integer> addresses() { return addresses; }
    public Link link() { return link; }
    public Clock clock() { return clock; }
    /** MSL; TIME-WAIT lasts 2*MSL. Default 30 s (Linux's TIME-WAIT is a fixed 60 s). */
    public Duration msl() { return msl; }
    /** The policy name this host is pinned to, or null to follow the stack's default. */
    public String policy() { return policy; }
    /** UDP to a closed port: silence (filtered) instead of ICMP port unreachable. */
    public boolean udpFiltered() { return udpFiltered; }
    /** Seeds the host's randomness: the RFC 6528 secret, ephemeral ports. Same seed, same run. */
    public long seed() { return seed; }
    /** net.ipv4.icmp_msgs_per_sec: host-wide token bucket rate for ICMP errors. */
    public int icmpMsgsPerSec() { return icmpMsgsPerSec; }
    /** net.ipv4.icmp_msgs_burst: host-wide bucket depth. */
    public int icmpMsgsBurst() { return icmpMsgsBurst; }
    /** net.ipv4.icmp_ratelimit: per-peer minimum spacing of ICMP errors. */
    public Duration icmpRateLimit() { return icmpRateLimit; }
    public int receiveBuffer() { return receiveBuffer; }
    public int sendBuffer() { return sendBuffer; }
    /** RFC 6298 2.1 initial RTO: 1 s. */
    public Duration initialRto() { return initialRto; }
    /** Linux TCP_RTO_MIN: 200 ms (RFC 6298 says 1 s). */
    public Duration minRto() { return minRto; }
    /** Linux TCP_RTO_MAX: 120 s. */
    public Duration maxRto() { return maxRto; }
    /** net.ipv4.tcp_syn_retries: 6. */
    public int synRetries() { return synRetries; }
    /** net.ipv4.tcp_retries2: 15. */
    public int retries2() { return retries2; }
    /**
     * Delayed ACK (RFC 9293 3.8.6.3, RFC 5681 4.2): how long an ACK for in-order data may wait for more data or
     * for data of ours to ride on. An ACK still goes at once for every second full-sized segment, for data out of
     * order or filling a hole, and for a FIN. Default 40 ms (Linux TCP_DELACK_MIN); {@link Duration#ZERO}: off,
     * every segment is acknowledged at once.
     */
    public Duration delayedAck() { return delayedAck; }
    /**
     * Virtual clock only. True (default): a datagram the link delivers is handled at once, inside the link's
     * call. False: it waits until the driver's next {@link Host#poll()}, so the datagrams delivered before that
     * poll are handled as one batch (one ACK per connection where the delayed-ACK rules allow), as a real-clock
     * host handles what its inbox holds. The simulated network uses false: it polls a host after each run of
     * deliveries to it.
     */
    public boolean pollOnReceive() { return pollOnReceive; }
    public List<TraceListener> traceListeners() { return traceListeners; }
    /**
     * The signers (TCP-MD5, TCP-AO) this host uses besides those of its stack (in a container: every
     * {@link SegmentSigner} service). Each holds its own key table, so two hosts given two signers have separate
     * keys, as two machines do. Empty: the host signs nothing unless its stack has signers.
     */
    public List<SegmentSigner> signers() { return signers; }

    /** Builds a {@link HostConfig}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<Integer> addresses = new ArrayList<>();
        private Link link;
        private Clock clock = Clock.monotonic();
        private Duration msl = Duration.ofSeconds(30);
        private String policy;
        private boolean udpFiltered;
        private long seed = 1;
        private int icmpMsgsPerSec = 1000;
        private int icmpMsgsBurst = 50;
        private Duration icmpRateLimit = Duration.ofMillis(1000);
        private int receiveBuffer = 131072;
        private int sendBuffer = 16384 * 4;
        private Duration initialRto = Duration.ofSeconds(1);
        private Duration minRto = Duration.ofMillis(200);
        private Duration maxRto = Duration.ofSeconds(120);
        private int synRetries = 6;
        private int retries2 = 15;
        private Duration delayedAck = Duration.ofMillis(40);
        private boolean pollOnReceive = true;
        private final List<TraceListener> traceListeners = new ArrayList<>();
        private final List<SegmentSigner> signers = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Adds an address, e.g. {@code "10.0.0.1"}. */
        public Builder address(String dottedQuad) { addresses.add(Endpoint.parseAddress(dottedQuad)); return this; }
        public Builder address(int address) { addresses.add(address); return this; }
        public Builder link(Link link) { this.link = link; return this; }
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }
        public Builder msl(Duration msl) { this.msl = msl; return this; }
        public Builder policy(String policyName) { this.policy = policyName; return this; }
        public Builder udpFiltered(boolean filtered) { this.udpFiltered = filtered; return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        public Builder icmpMsgsPerSec(int n) { this.icmpMsgsPerSec = n; return this; }
        public Builder icmpMsgsBurst(int n) { this.icmpMsgsBurst = n; return this; }
        public Builder icmpRateLimit(Duration d) { this.icmpRateLimit = d; return this; }
        public Builder receiveBuffer(int bytes) { this.receiveBuffer = bytes; return this; }
        public Builder sendBuffer(int bytes) { this.sendBuffer = bytes; return this; }
        public Builder initialRto(Duration d) { this.initialRto = d; return this; }
        public Builder minRto(Duration d) { this.minRto = d; return this; }
        public Builder maxRto(Duration d) { this.maxRto = d; return this; }
        public Builder synRetries(int n) { this.synRetries = n; return this; }
        public Builder retries2(int n) { this.retries2 = n; return this; }
        /** See {@link HostConfig#delayedAck()}; {@link Duration#ZERO} turns delayed ACKs off. */
        public Builder delayedAck(Duration d) { this.delayedAck = d; return this; }
        /** See {@link HostConfig#pollOnReceive()}. */
        public Builder pollOnReceive(boolean atOnce) { this.pollOnReceive = atOnce; return this; }
        public Builder trace(TraceListener listener) { traceListeners.add(Objects.requireNonNull(listener)); return this; }
        /** Adds a signer for this host only, e.g. a TCP-MD5 signer with this host's keys. */
        public Builder signer(SegmentSigner signer) { signers.add(Objects.requireNonNull(signer, "signer")); return this; }

        public HostConfig build() {
            require(!name.isBlank(), "a host needs a name");
            require(!addresses.isEmpty(), "host " + name + " needs at least one address");
            require(link != null, "host " + name + " needs a link");
            require(positive(msl), "msl must be positive: " + msl);
            require(icmpMsgsPerSec >= 0 && icmpMsgsBurst >= 0, "ICMP rate limits must be >= 0");
            require(icmpRateLimit != null && !icmpRateLimit.isNegative(), "icmpRateLimit must be >= 0");
            require(receiveBuffer >= 1024 && receiveBuffer <= (1 << 30), "receiveBuffer must be 1 KiB .. 1 GiB");
            require(sendBuffer >= 1024 && sendBuffer <= (1 << 30), "sendBuffer must be 1 KiB .. 1 GiB");
            require(positive(initialRto) && positive(minRto) && positive(maxRto), "RTO bounds must be positive");
            require(minRto.compareTo(maxRto) <= 0, "minRto must not exceed maxRto");
            // RFC 9293 3.8.6.3: "the delay MUST be less than 0.5 seconds".
            require(delayedAck != null && !delayedAck.isNegative() && delayedAck.compareTo(Duration.ofMillis(500)) < 0,
                    "delayedAck must be 0 (off) .. 499 ms: " + delayedAck);
            require(signers.stream().map(SegmentSigner::optionKind).distinct().count() == signers.size(),
                    "host " + name + " has two signers of one option kind");
            require(synRetries >= 0 && synRetries <= 127 && retries2 >= 0 && retries2 <= 127, "retries must be 0..127");
            return new HostConfig(this);
        }

        private static boolean positive(Duration d) {
            return d != null && !d.isNegative() && !d.isZero();
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
