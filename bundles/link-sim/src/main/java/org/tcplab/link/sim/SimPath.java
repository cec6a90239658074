package org.tcplab.link.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import org.tcplab.wire.Datagram;

/**
 * One direction of the network, from one port to another, with its impairments. Setters return {@code this}
 * and take effect for the next datagram sent. Probabilities are per datagram, 0..1; all random draws come from
 * this path's own generator, seeded from the network seed and the two port names.
 *
 * <p>Order of checks when a datagram enters the path: cut, MTU, filters (first matching rule with a count left:
 * drop, reject or hold), loss; then delay + jitter, reordering (an extra delay so later datagrams overtake it), corruption and
 * duplication (a second copy, independently delayed).
 */
public final class SimPath {

    /** What a filter rule does with a matching datagram. */
    public enum Action {
        /** Silently lost, as on a wire. */
        DROP,
        /** Dropped, and an ICMP destination unreachable, code 13 (administratively prohibited), goes back. */
        REJECT,
        /** Delivered, but held back by the rule's extra delay: "this SYN wanders the network for a while". */
        HOLD
    }

    /** A filter rule: a predicate, how many more datagrams it takes (-1: all), and what it does. */
    static final class Rule {
        final Predicate<Datagram> match;
        final Action action;
        final String description;
        final long extra;
        int remaining;

        Rule(Predicate<Datagram> match, int count, Action action, String description, long extra) {
            this.extra = extra;
            this.match = match;
            this.remaining = count;
            this.action = action;
            this.description = description;
        }
    }

    private final String from;
    private final String to;
    final SplittableRandom random;
    long delay;
    long jitter;
    double loss;
    double duplicate;
    double reorder;
    long reorderDelay;
    double corrupt;
    int mtu;
    /** ICMP from this path is filtered: a datagram over its MTU vanishes without a word. */
    boolean blackHole;
    boolean cut;
    final List<Rule> rules = new ArrayList<>();

    SimPath(String from, String to, long seed, long delay) {
        this.from = from;
        this.to = to;
        this.delay = delay;
        // String.hashCode is specified, so the mix is the same in every JVM.
        this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ (from.hashCode() * 31L + to.hashCode()));
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }

    /** Fixed one-way delay (default: the network's default delay). */
    public SimPath delay(Duration d) {
        this.delay = nonNegative(d, "delay");
        return this;
    }

    /** Extra delay drawn uniformly from 0..{@code d} per datagram; jitter larger than the spacing reorders. */
    public SimPath jitter(Duration d) {
        this.jitter = nonNegative(d, "jitter");
        return this;
    }

    /** Probability that a datagram is lost. */
    public SimPath loss(double p) {
        this.loss = probability(p, "loss");
        return this;
    }

    /** Probability that a datagram is delivered twice. */
    public SimPath duplicate(double p) {
        this.duplicate = probability(p, "duplicate");
        return this;
    }

    /** Probability that a datagram is held back by {@code by}, so that datagrams sent after it arrive first. */
    public SimPath reorder(double p, Duration by) {
        this.reorder = probability(p, "reorder");
        this.reorderDelay = nonNegative(by, "reorder delay");
        return this;
    }

    /** Probability that one byte after the IPv4 header is flipped, so the transport checksum fails. */
    public SimPath corrupt(double p) {
        this.corrupt = probability(p, "corrupt");
        return this;
    }

    /**
     * The largest datagram this path carries; larger ones are dropped and counted ({@link WireDrop#MTU}), and one
     * with DF set is answered as a router answers it (RFC 1191): ICMP destination unreachable, fragmentation needed,
     * with this MTU as the next-hop MTU, to its sender, from its destination's address (unless {@link #blackHole}).
     * Nothing is fragmented. 0: no limit.
     */
    public SimPath mtu(int bytes) {
        if (bytes < 0 || (bytes > 0 && bytes < 68)) {
            throw new IllegalArgumentException("mtu must be 0 (no limit) or at least 68 (RFC 791): " + bytes);
        }
        this.mtu = bytes;
        return this;
    }

    /**
     * A path MTU black hole (RFC 2923 §2.1): the ICMP "fragmentation needed" of {@link #mtu} is filtered on the
     * way back, so a datagram over the MTU vanishes and its sender never learns why.
     */
    public SimPath blackHole(boolean on) {
        this.blackHole = on;
        return this;
    }

    /** Cuts the path (a partition in this direction) or mends it. */
    public SimPath cut(boolean cut) {
        this.cut = cut;
        return this;
    }

    /** Silently drops the next {@code count} datagrams matching {@code match} (-1: every one), e.g. "lose the next FIN". */
    public SimPath drop(Predicate<Datagram> match, int count, String description) {
        return rule(match, count, Action.DROP, description, 0);
    }

    /** Drops the next {@code count} datagrams matching {@code match} and answers each with ICMP administratively prohibited. */
    public SimPath reject(Predicate<Datagram> match, int count, String description) {
        return rule(match, count, Action.REJECT, description, 0);
    }

    /**
     * Delivers the next {@code count} datagrams matching {@code match} {@code extra} later than the path would,
     * so that datagrams sent after them arrive first (an old segment still in the network).
     */
    public SimPath hold(Predicate<Datagram> match, int count, Duration extra, String description) {
        return rule(match, count, Action.HOLD, description, nonNegative(extra, "extra delay"));
    }

    /** Removes every filter rule. */
    public SimPath clearFilters() {
        rules.clear();
        return this;
    }

    /** No impairment at all except the delay: loss, duplication, reordering, corruption, jitter, MTU, rules, cut. */
    public SimPath clean() {
        jitter = 0;
        loss = duplicate = reorder = corrupt = 0;
        reorderDelay = 0;
        mtu = 0;
        blackHole = false;
        cut = false;
        rules.clear();
        return this;
    }

    private SimPath rule(Predicate<Datagram> match, int count, Action action, String description, long extra) {
        Objects.requireNonNull(match, "match");
        if (count == 0 || count < -1) {
            throw new IllegalArgumentException("a filter count is positive, or -1 for every match: " + count);
        }
        rules.add(new Rule(match, count, action, description == null ? action.name().toLowerCase() : description, extra));
        return this;
    }

    /** The rule that takes this datagram, its count spent; null when none matches. */
    Rule take(Datagram d) {
        for (Rule r : rules) {
            if (r.remaining != 0 && r.match.test(d)) {
                if (r.remaining > 0) {
                    r.remaining--;
                }
                return r;
            }
        }
        return null;
    }

    boolean hasRules() {
        for (Rule r : rules) {
            if (r.remaining != 0) {
                return true;
            }
        }
        return false;
    }

    private static long nonNegative(Duration d, String what) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be zero or positive: " + d);
        }
        return d.toNanos();
    }

    private static double probability(double p, String what) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " is a probability, 0..1: " + p);
        }
        return p;
    }

    @Override
    public String toString() {
        return from + "->" + to;
    }
}
