package org.tcplab.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** The launcher's bundle set in a real Felix: everything starts and every component is satisfied. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContainerIT {

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        return TcplabContainer.options("container");
    }

    @Test
    public void everyBundleOfTheLauncherSetIsActive() {
        Set<String> notActive = new TreeSet<>();
        Set<String> tcplab = new TreeSet<>();
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && bundle.getState() != Bundle.ACTIVE) {
                notActive.add(bundle.getSymbolicName() + " state " + bundle.getState());
            }
            if (bundle.getSymbolicName().startsWith("org.tcplab.")) {
                tcplab.add(bundle.getSymbolicName());
            }
        }
        assertEquals("bundles not ACTIVE", Set.of(), notActive);
        long tcplabJars = TcplabContainer.bundleJars().stream()
                .filter(p -> p.getFileName().toString().startsWith("org.tcplab.")).count();
        assertEquals("every tcplab bundle of launcher/bundle is installed: " + tcplab, tcplabJars, tcplab.size());
        assertTrue("the set has the core bundles: " + tcplab, tcplab.containsAll(Set.of(
                "org.tcplab.api", "org.tcplab.wire", "org.tcplab.tcp",
                "org.tcplab.policy-rfc793", "org.tcplab.policy-linux", "org.tcplab.shell",
                "org.tcplab.link-sim", "org.tcplab.link-pcap", "org.tcplab.link-tun", "org.tcplab.scenarios",
                "org.tcplab.sign-md5", "org.tcplab.sign-ao")));
    }

    @Test
    public void everyDeclarativeServicesComponentIsSatisfied() {
        List<String> unsatisfied = new ArrayList<>();
        Set<String> tcplabComponents = new TreeSet<>();
        Collection<ComponentDescriptionDTO> descriptions = scr.getComponentDescriptionDTOs();
        for (ComponentDescriptionDTO description : descriptions) {
            if (!scr.isComponentEnabled(description)) {
                unsatisfied.add(description.name + " disabled");
            }
            Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(description);
            for (ComponentConfigurationDTO configuration : configurations) {
                if (configuration.state != ComponentConfigurationDTO.SATISFIED
                        && configuration.state != ComponentConfigurationDTO.ACTIVE) {
                    unsatisfied.add(description.name + " state " + configuration.state
                            + " unsatisfied references " + List.of(configuration.unsatisfiedReferences));
                }
            }
            if (description.bundle.symbolicName.startsWith("org.tcplab.")) {
                tcplabComponents.add(description.name);
            }
        }
        assertEquals("components not satisfied", List.of(), unsatisfied);
        assertTrue("tcplab components found: " + tcplabComponents, tcplabComponents.containsAll(Set.of(
                "org.tcplab.tcp.internal.TcpStackComponent",
                "org.tcplab.policy.linux.internal.LinuxPolicy",
                "org.tcplab.policy.rfc793.internal.Rfc793Policy",
                "org.tcplab.shell.internal.PolicyCommands",
                "org.tcplab.shell.internal.ConsoleLog")));
    }
}
