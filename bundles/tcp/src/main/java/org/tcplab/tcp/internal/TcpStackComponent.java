package org.tcplab.tcp.internal;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.sign.SegmentSigner;
import org.tcplab.api.tcp.TcpStack;
import org.tcplab.api.trace.TraceListener;

/**
 * The stack service. It follows the best-ranked {@link RstPolicy} through a DYNAMIC GREEDY reference held in
 * a volatile field: a better policy appearing, or the current one leaving, changes the field in place and the
 * next segment reads the new value. The component is never deactivated for it, so no connection is touched.
 * All policies are also tracked by name, for hosts and connections pinned to one. This is the only OSGi-aware
 * class of the bundle: the engine ({@link TcpEngine}) is plain Java.
 *
 * <p>Configuration PID {@value #PID}: {@code policy.target = (name=rfc793)} pins the default to one policy by
 * name (DS reference target). Because the component has a {@link Modified} method, SCR applies a new target to
 * the dynamic reference in place, without deactivating the component: no host or connection is touched.
 */
@Component(configurationPid = TcpStackComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class TcpStackComponent implements TcpStack {

    /** The stack's configuration PID. */
    public static final String PID = "org.tcplab.tcp";

    /** A changed {@code policy.target} is applied by SCR itself; this method's presence keeps the component active. */
    @Modified
    void modified() {
        // Nothing to do: the references were re-targeted before this is called.
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RstPolicy policy;

    /** Every policy, best-ranked first: (-ranking, service.id) -> policy. */
    private final ConcurrentSkipListMap<long[], RstPolicy> all = new ConcurrentSkipListMap<>(
            (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));

    /** SegmentSigner services (TCP-MD5, TCP-AO), read by every host once per segment. */
    private final List<SegmentSigner> signers = new CopyOnWriteArrayList<>();

    private final TcpEngine engine = new TcpEngine(() -> policy, this::byName,
            () -> all.values().stream().map(RstPolicy::name).toList(), () -> signers);

    @Reference(
            name = "signers",
            service = SegmentSigner.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addSigner(SegmentSigner s) {
        signers.add(s);
    }

    void removeSigner(SegmentSigner s) {
        signers.remove(s);
    }

    @Reference(
            name = "policies",
            service = RstPolicy.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPolicy(RstPolicy p, Map<String, Object> props) {
        all.put(key(props), p);
    }

    void removePolicy(RstPolicy p, Map<String, Object> props) {
        all.remove(key(props), p);
    }

    private static long[] key(Map<String, Object> props) {
        Object ranking = props.get(Constants.SERVICE_RANKING);
        long r = ranking instanceof Integer i ? i : 0;
        Object id = props.get(Constants.SERVICE_ID);
        return new long[] {-r, id instanceof Long l ? l : 0};
    }

    private RstPolicy byName(String name) {
        for (RstPolicy p : all.values()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public RstPolicy defaultPolicy() {
        return policy;
    }

    @Override
    public RstPolicy policy(String name) {
        return byName(name);
    }

    @Override
    public List<String> policyNames() {
        return engine.policyNames();
    }

    /** TraceListener services, given to every host this stack makes (and taken back when they leave). */
    private final List<TraceListener> traceListeners = new CopyOnWriteArrayList<>();
    private final Set<Host> hosts = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    @Reference(
            name = "traceListeners",
            service = TraceListener.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addTraceListener(TraceListener l) {
        traceListeners.add(l);
        synchronized (hosts) {
            for (Host h : hosts) {
                h.addTraceListener(l);
            }
        }
    }

    void removeTraceListener(TraceListener l) {
        traceListeners.remove(l);
        synchronized (hosts) {
            for (Host h : hosts) {
                h.removeTraceListener(l);
            }
        }
    }

    @Override
    public Host newHost(HostConfig config) {
        Host h = engine.newHost(config);
        for (TraceListener l : traceListeners) {
            h.addTraceListener(l);
        }
        hosts.add(h);
        return h;
    }

    @Override
    public List<Host> hosts() {
        return engine.hosts();
    }
}
