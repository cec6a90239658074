package org.tcplab.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.tcplab.api.host.Clock;
import org.tcplab.api.host.Host;
import org.tcplab.api.host.HostConfig;
import org.tcplab.api.link.Link;
import org.tcplab.api.socket.Endpoint;
import org.tcplab.api.tcp.Errno;
import org.tcplab.api.tcp.TcpStack;
import org.tcplab.itests.extralink.QueueLink;
import org.tcplab.wire.Datagram;
import org.tcplab.wire.IcmpRepr;
import org.tcplab.wire.IpProtocol;
import org.tcplab.wire.Ipv4Repr;
import org.tcplab.wire.ParseResult;
import org.tcplab.wire.TcpFlags;
import org.tcplab.wire.TcpRepr;

/**
 * Issue 7's third party: a backend bundle built at test time (one {@code Link} class and a Declarative Services
 * component, importing only {@code org.tcplab.api.link}) is installed into the running container, the stack
 * makes a real-clock host on its link, datagrams go both ways through it, and uninstalling the bundle takes the
 * host down cleanly (whoever made a host on a link service closes it when the service goes).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ThirdPartyLinkIT {

    private static final long TIMEOUT_MILLIS = 10_000;
    private static final int HOST = Endpoint.parseAddress("192.0.2.2");
    private static final int FAR_END = Endpoint.parseAddress("192.0.2.1");

    @Inject
    private BundleContext context;

    @Inject
    private TcpStack stack;

    @Configuration
    public Option[] config() {
        return TcplabContainer.options("third-party-link");
    }

    @Test
    public void aHostRunsOnABackendBundleInstalledAtRunTimeAndClosesWhenItIsUninstalled() throws Exception {
        Bundle backend = context.installBundle("tcplab-itest:third-party-link", backendBundle());
        Host host = null;
        ServiceListener closeOnUnregister = null;
        try {
            backend.start();
            ServiceReference<Link> ref = linkReference();
            assertEquals("the link is the third-party bundle's", backend, ref.getBundle());
            Link link = context.getService(ref);
            // The far end of the link, through java.util.function only: no class of the backend is shared.
            @SuppressWarnings("unchecked")
            Consumer<byte[]> wire = (Consumer<byte[]>) link;
            @SuppressWarnings("unchecked")
            Supplier<byte[]> fromHost = (Supplier<byte[]>) link;
            BooleanSupplier attached = (BooleanSupplier) link;
            assertEquals("queue0", link.name());

            Host made = stack.newHost(HostConfig.builder("third-party").address(HOST).link(link)
                    .clock(Clock.monotonic()).build());
            host = made;
            closeOnUnregister = event -> {
                if (event.getType() == ServiceEvent.UNREGISTERING) {
                    made.close();
                }
            };
            context.addServiceListener(closeOnUnregister,
                    "(&(objectClass=" + Link.class.getName() + ")(service.id=" + ref.getProperty("service.id") + "))");
            assertTrue("the host attached to the third-party link", attached.getAsBoolean());

            // ICMP: an echo request in, RFC 792's echo reply out (same id, sequence and data).
            IcmpRepr.EchoRequest ping = new IcmpRepr.EchoRequest(0x7e57, 1,
                    ByteBuffer.wrap("third party".getBytes(StandardCharsets.US_ASCII)));
            wire.accept(emit(Ipv4Repr.of(FAR_END, HOST, IpProtocol.ICMP, 64, ping.emittedLength()), ping));
            Datagram reply = next(fromHost, "the echo reply");
            assertEquals(HOST, reply.ip().src());
            assertEquals(FAR_END, reply.ip().dst());
            assertEquals(ping.reply(), reply.payload());

            // TCP: a SYN to a closed port gets the no-socket RST, <SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK> (RFC 9293 3.5.2).
            TcpRepr syn = TcpRepr.builder().ports(40000, 9).seq(1000).flags(TcpFlags.SYN).window(65535).build();
            wire.accept(emit(Ipv4Repr.of(FAR_END, HOST, IpProtocol.TCP, 64, syn.emittedLength()), syn));
            Datagram answer = next(fromHost, "the RST for the SYN to a closed port");
            assertEquals(HOST, answer.ip().src());
            assertEquals(FAR_END, answer.ip().dst());
            TcpRepr rst = (TcpRepr) answer.payload();
            assertEquals("source port", 9, rst.srcPort());
            assertEquals("destination port", 40000, rst.dstPort());
            assertEquals("SEQ", 0, rst.seq());
            assertEquals("ACK = SEG.SEQ + 1", 1001, rst.ack());
            assertEquals("CTL", TcpFlags.toString(TcpFlags.RST | TcpFlags.ACK), TcpFlags.toString(rst.flags()));
            assertEquals("no data", 0, rst.payloadLength());

            backend.uninstall();
            backend = null;
            assertFalse("the host detached from the link before the backend went", attached.getAsBoolean());
            assertFalse("the stack no longer lists the host", stack.hosts().contains(made));
            assertEquals("sockets of the closed host give EBADF", Errno.EBADF,
                    made.tcpSocket().bind(Endpoint.of("192.0.2.2", 80)).errno());
            wire.accept(emit(Ipv4Repr.of(FAR_END, HOST, IpProtocol.TCP, 64, syn.emittedLength()), syn));
            assertEquals("nothing comes out of a link no host is attached to", null, fromHost.get());
        } finally {
            if (closeOnUnregister != null) {
                context.removeServiceListener(closeOnUnregister);
            }
            if (host != null) {
                host.close();
            }
            if (backend != null) {
                backend.uninstall(); // a failed run must not leave the backend behind
            }
        }
    }

    /** The backend bundle as its author would ship it: the link class and a DS component that registers it. */
    private static ByteArrayInputStream backendBundle() {
        String component = """
                <?xml version="1.0" encoding="UTF-8"?>
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="%s" immediate="true">
                  <implementation class="%s"/>
                  <service>
                    <provide interface="org.tcplab.api.link.Link"/>
                    <provide interface="java.util.function.Consumer"/>
                    <provide interface="java.util.function.Supplier"/>
                    <provide interface="java.util.function.BooleanSupplier"/>
                  </service>
                  <property name="link.name" type="String" value="queue0"/>
                </scr:component>
                """.formatted(QueueLink.class.getName(), QueueLink.class.getName());
        Map<String, String> headers = Map.of(
                "Bundle-SymbolicName", "org.example.queue-link",
                "Bundle-Version", "1.0.0",
                "Import-Package", "org.tcplab.api.link;version=\"[1.0,2)\"",
                "Service-Component", "OSGI-INF/link.xml",
                "Require-Capability",
                "osgi.extender;filter:=\"(&(osgi.extender=osgi.component)(version>=1.3)(!(version>=2)))\"");
        return new ByteArrayInputStream(
                TestBundles.jar(headers, new Class<?>[] {QueueLink.class}, Map.of("OSGI-INF/link.xml", component)));
    }

    private ServiceReference<Link> linkReference() throws Exception {
        String filter = "(link.name=queue0)";
        Await.until("the backend's Link service is registered", TIMEOUT_MILLIS,
                () -> !serviceReferences(filter).isEmpty(), () -> serviceReferences(filter));
        return serviceReferences(filter).iterator().next();
    }

    private java.util.Collection<ServiceReference<Link>> serviceReferences(String filter) {
        try {
            return context.getServiceReferences(Link.class, filter);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] emit(Ipv4Repr ip, org.tcplab.wire.Ipv4Payload payload) {
        Datagram d = new Datagram(ip, payload);
        ByteBuffer b = ByteBuffer.allocate(d.emittedLength());
        d.emit(b, 0);
        return b.array();
    }

    /** The next datagram the host sent through the link, parsed with every checksum verified. */
    private static Datagram next(Supplier<byte[]> fromHost, String what) {
        byte[][] got = new byte[1][];
        Await.until(what + " comes out of the link", TIMEOUT_MILLIS, () -> (got[0] = fromHost.get()) != null,
                () -> "nothing");
        ParseResult<Datagram> parsed = Datagram.parse(ByteBuffer.wrap(got[0]));
        assertTrue(what + " parses: " + parsed, parsed.isOk());
        assertNotNull(parsed.value());
        return parsed.value();
    }
}
