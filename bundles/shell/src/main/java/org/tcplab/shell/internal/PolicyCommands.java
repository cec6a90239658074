package org.tcplab.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.tcp.TcpStack;

/** {@code tcplab:policies} and {@code tcplab:policy}: what RST policies are installed, and which one is used. */
@Component(
        service = PolicyCommands.class,
        property = {
            "osgi.command.scope=tcplab",
            "osgi.command.function=policies",
            "osgi.command.function=policy"
        })
public final class PolicyCommands {

    private final BundleContext context;
    private final TcpStack stack;

    @Activate
    public PolicyCommands(BundleContext context, @Reference TcpStack stack) {
        this.context = context;
        this.stack = stack;
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

    /** The policy hosts use by default. */
    @Descriptor("show the RST policy hosts use by default")
    public String policy() {
        RstPolicy active = stack.defaultPolicy();
        if (active == null) {
            return "no RST policy installed";
        }
        return "default policy: " + active.name() + (active.configuration().isEmpty() ? "" : " " + active.configuration());
    }
}
