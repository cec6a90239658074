package org.tcplab.shell.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.tcplab.api.host.Host;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.tcp.TcpStack;

/**
 * {@code tcplab:policies} and {@code tcplab:policy}: what RST policies are installed, which one each host uses,
 * and switching. The container's default is switched through ConfigAdmin ({@code policy.target} of the stack's
 * PID), which SCR applies to the stack's dynamic reference in place; a host is pinned through its API.
 */
@Component(
        service = PolicyCommands.class,
        property = {
            "osgi.command.scope=tcplab",
            "osgi.command.function=policies",
            "osgi.command.function=policy"
        })
public final class PolicyCommands {

    /** The stack's configuration PID (the tcp bundle's TcpStackComponent). */
    static final String STACK_PID = "org.tcplab.tcp";
    static final String AUTO = "auto";
    private static final long SWITCH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BundleContext context;
    private final TcpStack stack;
    private final ConfigurationAdmin configAdmin;

    @Activate
    public PolicyCommands(BundleContext context, @Reference TcpStack stack, @Reference ConfigurationAdmin configAdmin) {
        this.context = context;
        this.stack = stack;
        this.configAdmin = configAdmin;
    }

    /** One line per installed policy, best-ranked first: name, ranking, providing bundle. */
    @Descriptor("list the installed RST policies, best-ranked first; * marks the default")
    public String policies() throws InvalidSyntaxException {
        Collection<ServiceReference<RstPolicy>> refs = context.getServiceReferences(RstPolicy.class, null);
        List<ServiceReference<RstPolicy>> sorted = new ArrayList<>(refs);
        sorted.sort(Comparator.<ServiceReference<RstPolicy>>naturalOrder().reversed());
        RstPolicy active = stack.defaultPolicy();
        StringBuilder out = new StringBuilder(String.format("%-2s %-12s %8s  %s%n", "", "NAME", "RANKING", "BUNDLE"));
        for (ServiceReference<RstPolicy> ref : sorted) {
            Object name = ref.getProperty(RstPolicy.NAME_PROPERTY);
            Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
            boolean isActive = active != null && active.name().equals(name);
            out.append(String.format("%-2s %-12s %8s  %s%n",
                    isActive ? "*" : "", name, ranking == null ? 0 : ranking, ref.getBundle().getSymbolicName()));
        }
        return out.toString().stripTrailing();
    }

    /** The default policy with its configuration and how it was chosen, then every host's policy. */
    @Descriptor("show the default RST policy with its configuration, and the policy of every host")
    public String policy() throws IOException, InvalidSyntaxException {
        StringBuilder out = new StringBuilder(describeDefault());
        List<Host> hosts = stack.hosts();
        if (!hosts.isEmpty()) {
            out.append(String.format("%n%-20s %-12s %s%n", "HOST", "POLICY", "PINNED"));
            for (Host host : hosts) {
                out.append(String.format("%-20s %-12s %s%n", host.name(), host.policyName(),
                        host.pinnedPolicy() == null ? "no" : "yes"));
            }
        }
        return out.toString().stripTrailing();
    }

    /** Makes {@code name} the container's default, or with {@code auto} the best-ranked policy again. */
    @Descriptor("make <name> the default RST policy of this container, in place (auto: the best-ranked again)")
    public String policy(@Descriptor("an installed policy, or auto") String name)
            throws IOException, InvalidSyntaxException {
        Configuration config = configAdmin.getConfiguration(STACK_PID, "?");
        if (AUTO.equals(name)) {
            config.delete();
            await(() -> { RstPolicy p = stack.defaultPolicy(); return p == null || p.name().equals(best()); });
            return describeDefault();
        }
        requireInstalled(name);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("policy.target", "(" + RstPolicy.NAME_PROPERTY + "=" + name + ")");
        config.update(properties);
        await(() -> stack.defaultPolicy() != null && stack.defaultPolicy().name().equals(name));
        return describeDefault();
    }

    /** Pins one host to {@code name}, or with {@code auto} lets it follow the default again. */
    @Descriptor("pin host <host> to policy <name> from its next segment on (auto: follow the default again)")
    public String policy(@Descriptor("an installed policy, or auto") String name,
            @Descriptor("a host name, as tcplab:policy lists them") String hostName) {
        Host host = stack.hosts().stream().filter(h -> h.name().equals(hostName)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no host '" + hostName + "'; hosts: "
                        + stack.hosts().stream().map(Host::name).toList()));
        if (AUTO.equals(name)) {
            host.pinPolicy(null);
        } else {
            requireInstalled(name);
            host.pinPolicy(name);
        }
        return "host " + host.name() + " uses " + host.policyName()
                + (host.pinnedPolicy() == null ? " (the default)" : " (pinned)");
    }

    private String describeDefault() throws IOException, InvalidSyntaxException {
        RstPolicy active = stack.defaultPolicy();
        if (active == null) {
            return "no RST policy installed";
        }
        Configuration[] pins = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + STACK_PID + ")");
        Object target = pins == null ? null : pins[0].getProperties().get("policy.target");
        Map<String, Object> config = active.configuration();
        return "default policy: " + active.name() + (config.isEmpty() ? "" : " " + config)
                + (target == null ? "  (the best-ranked)" : "  (pinned: " + STACK_PID + " policy.target=" + target + ")");
    }

    private void requireInstalled(String name) {
        List<String> installed = stack.policyNames();
        if (!installed.contains(name)) {
            throw new IllegalArgumentException("no policy '" + name + "'; installed: " + String.join(", ", installed)
                    + " (or auto)");
        }
    }

    private String best() {
        List<String> names = stack.policyNames();
        return names.isEmpty() ? null : names.get(0);
    }

    /** ConfigAdmin delivers updates on its own thread: wait, bounded, until the stack shows the change. */
    private static void await(BooleanSupplier done) {
        long deadline = System.nanoTime() + SWITCH_TIMEOUT_NANOS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the stack did not take the new policy within 10 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
