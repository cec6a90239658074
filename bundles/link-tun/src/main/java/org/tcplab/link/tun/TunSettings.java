package org.tcplab.link.tun;

import java.time.Duration;
import java.util.regex.Pattern;

import org.tcplab.api.socket.Endpoint;

/**
 * What TUN interface to make: its name, the kernel's address and prefix on it, the address tcplab answers on
 * (inside that prefix), the MTU, and optionally a network namespace to move it into. A bad value throws
 * IllegalArgumentException with one clear message, before anything is made.
 *
 * @param interfaceName  the interface name, 1..15 characters of {@code [A-Za-z0-9_.-]}
 * @param kernelAddress  the kernel's address on the interface (network order int, see {@link Endpoint})
 * @param prefixLength   its prefix length, 1..30
 * @param hostAddress    tcplab's address: in the kernel's prefix, not the kernel's, not network or broadcast
 * @param mtu            576..65535
 * @param netns          the network namespace (as {@code ip netns} names it) to move the interface into, or null
 * @param readyTimeout   how long to wait for the kernel to answer the readiness probe; zero: do not probe
 */
public record TunSettings(String interfaceName, int kernelAddress, int prefixLength, int hostAddress, int mtu,
        String netns, Duration readyTimeout) {

    public static final int DEFAULT_MTU = 1500;
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern NETNS = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public TunSettings {
        require(interfaceName != null && NAME.matcher(interfaceName).matches() && !interfaceName.equals(".")
                && !interfaceName.equals(".."),
            "interface name must be 1..15 characters of A-Z a-z 0-9 _ . - : " + interfaceName);
        require(prefixLength >= 1 && prefixLength <= 30, "prefix length must be 1..30: " + prefixLength);
        int mask = -1 << (32 - prefixLength);
        String net = Endpoint.formatAddress(kernelAddress) + "/" + prefixLength;
        require((hostAddress & mask) == (kernelAddress & mask),
            "tcplab's address " + Endpoint.formatAddress(hostAddress) + " is not in the kernel's prefix " + net);
        require(hostAddress != kernelAddress,
            "tcplab's address and the kernel's are the same: " + Endpoint.formatAddress(hostAddress));
        for (int a : new int[] {kernelAddress, hostAddress}) {
            require((a & ~mask) != 0 && (a & ~mask) != ~mask,
                Endpoint.formatAddress(a) + " is the network or broadcast address of " + net);
        }
        require(mtu >= 576 && mtu <= 65535, "MTU must be 576..65535: " + mtu);
        require(netns == null || (NETNS.matcher(netns).matches() && !netns.equals(".") && !netns.equals("..")),
            "network namespace name must be 1..64 characters of A-Z a-z 0-9 _ . - : " + netns);
        require(readyTimeout != null && !readyTimeout.isNegative(), "ready timeout must be >= 0: " + readyTimeout);
    }

    /**
     * From the text forms a configuration or a command gives: {@code of("tl0", "192.0.2.1/24", "192.0.2.2")}.
     * MTU 1500, no namespace, the default ready timeout.
     */
    public static TunSettings of(String interfaceName, String kernelCidr, String hostAddress) {
        require(kernelCidr != null && !kernelCidr.isBlank(), "the kernel's address/prefix is required, e.g. 192.0.2.1/24");
        require(hostAddress != null && !hostAddress.isBlank(), "tcplab's address is required, e.g. 192.0.2.2");
        String[] parts = kernelCidr.trim().split("/", -1);
        require(parts.length == 2, "the kernel's address needs a prefix length, e.g. 192.0.2.1/24: " + kernelCidr);
        int prefix;
        try {
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a prefix length: " + parts[1]);
        }
        return new TunSettings(interfaceName, Endpoint.parseAddress(parts[0]), prefix,
            Endpoint.parseAddress(hostAddress.trim()), DEFAULT_MTU, null, DEFAULT_READY_TIMEOUT);
    }

    public TunSettings withMtu(int v) {
        return new TunSettings(interfaceName, kernelAddress, prefixLength, hostAddress, v, netns, readyTimeout);
    }

    /** Null or blank: stay in tcplab's own namespace. */
    public TunSettings withNetns(String v) {
        String ns = v == null || v.isBlank() ? null : v.trim();
        return new TunSettings(interfaceName, kernelAddress, prefixLength, hostAddress, mtu, ns, readyTimeout);
    }

    public TunSettings withReadyTimeout(Duration v) {
        return new TunSettings(interfaceName, kernelAddress, prefixLength, hostAddress, mtu, netns, v);
    }

    /** {@code 192.0.2.1/24}. */
    public String kernelCidr() {
        return Endpoint.formatAddress(kernelAddress) + "/" + prefixLength;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
