package org.tcplab.api.socket;

/**
 * An IPv4 address and a port, as {@code struct sockaddr_in} holds them.
 *
 * @param address the IPv4 address as an unsigned 32-bit value in network order (10.0.0.1 = 0x0A000001)
 * @param port    0..65535; 0 in {@code bind} means "pick an ephemeral port"
 */
public record Endpoint(int address, int port) {

    /** The wildcard address, INADDR_ANY. */
    public static final int ANY = 0;

    public Endpoint {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code Endpoint.of("10.0.0.1", 80)}. */
    public static Endpoint of(String dottedQuad, int port) {
        return new Endpoint(parseAddress(dottedQuad), port);
    }

    /** Parses a dotted quad such as {@code 10.0.0.1}; throws IllegalArgumentException on anything else. */
    public static int parseAddress(String dottedQuad) {
        String[] parts = dottedQuad.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dottedQuad);
        }
        int value = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + dottedQuad);
            }
            if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3) {
                throw new IllegalArgumentException("not an IPv4 address: " + dottedQuad);
            }
            value = value << 8 | octet;
        }
        return value;
    }

    /** Formats an address as a dotted quad. */
    public static String formatAddress(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    @Override
    public String toString() {
        return formatAddress(address) + ":" + port;
    }
}
