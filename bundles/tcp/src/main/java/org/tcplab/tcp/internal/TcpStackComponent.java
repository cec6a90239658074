package org.tcplab.tcp.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tcplab.api.policy.RstPolicy;
import org.tcplab.api.tcp.TcpStack;

/**
 * The stack service. It follows the best-ranked {@link RstPolicy} through a DYNAMIC GREEDY reference held in
 * a volatile field: a better policy appearing, or the current one leaving, changes the field in place and the
 * next segment reads the new value. The component is never deactivated for it, so no connection is touched.
 */
@Component
public final class TcpStackComponent implements TcpStack {

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RstPolicy policy;

    @Override
    public RstPolicy defaultPolicy() {
        return policy;
    }
}
