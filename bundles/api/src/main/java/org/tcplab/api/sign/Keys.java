package org.tcplab.api.sign;

/**
 * What the key records share: the peer prefix and local scope rules, and the two ways a secret is written in
 * text (configuration, shell): {@code hex:6b6579...} for any bytes, {@code text:...} for printable ASCII taken
 * byte for byte. Secrets never appear in messages or in {@code toString()}.
 */
public final class Keys {

    /** TCP_MD5SIG_MAXKEYLEN and TCP_AO_MAXKEYLEN: the longest secret Linux accepts. */
    public static final int MAX_SECRET_LENGTH = 80;

    private Keys() {
    }

    /**
     * Parses {@code hex:...} or {@code text:...} into the secret's bytes; throws IllegalArgumentException with a
     * message that names the problem but never repeats the secret.
     */
    public static byte[] parseSecret(String written) {
        if (written == null || written.isEmpty()) {
            throw new IllegalArgumentException("the key is empty: write it as hex:<hex digits> or text:<ASCII>");
        }
        byte[] secret;
        if (written.startsWith("hex:")) {
            String hex = written.substring(4);
            if (hex.length() % 2 != 0) {
                throw new IllegalArgumentException("the hex: key has an odd number of digits");
            }
            secret = new byte[hex.length() / 2];
            for (int i = 0; i < secret.length; i++) {
                int hi = Character.digit(hex.charAt(2 * i), 16);
                int lo = Character.digit(hex.charAt(2 * i + 1), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("the hex: key has a character that is not a hex digit");
                }
                secret[i] = (byte) (hi << 4 | lo);
            }
        } else if (written.startsWith("text:")) {
            String text = written.substring(5);
            secret = new byte[text.length()];
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c > 0x7E) {
                    throw new IllegalArgumentException("the text: key may hold printable ASCII only; use hex: otherwise");
                }
                secret[i] = (byte) c;
            }
        } else {
            throw new IllegalArgumentException("write the key as hex:<hex digits> or text:<ASCII>, nothing else");
        }
        checkSecret(secret);
        return secret;
    }

    /** An IPv4 prefix: an address (network order int) and a length in bits. */
    public record Prefix(int address, int length) {
    }

    /**
     * A peer written as an address ({@code 192.0.2.2}, a /32) or a prefix ({@code 192.0.2.0/24}); the length is
     * checked by the key that uses it. IllegalArgumentException with one clear message otherwise.
     */
    public static Prefix parsePrefix(String written) {
        String peer = written.trim();
        int slash = peer.indexOf('/');
        int address = parseAddress(slash < 0 ? peer : peer.substring(0, slash));
        try {
            return new Prefix(address, slash < 0 ? 32 : Integer.parseInt(peer.substring(slash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("peer prefix length is not a number: " + peer);
        }
    }

    /** Parses {@code a.b.c.d} into a network-order int; throws IllegalArgumentException otherwise. */
    public static int parseAddress(String dottedQuad) {
        String[] parts = dottedQuad.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dottedQuad);
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: " + dottedQuad);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + dottedQuad);
            }
            value = value << 8 | octet;
        }
        return value;
    }

    /** {@code 192.0.2.1}. */
    public static String formatAddress(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    /** The network mask of a prefix length 0..32 (0 for /0). */
    public static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    static void checkSecret(byte[] secret) {
        if (secret.length == 0 || secret.length > MAX_SECRET_LENGTH) {
            throw new IllegalArgumentException("a key has 1.." + MAX_SECRET_LENGTH + " bytes, this one has " + secret.length);
        }
    }

    /** Linux's rule (tcp_ao_verify_ipv4): a prefix has no bits set beyond its length, and /0 is 0.0.0.0. */
    static void checkPrefix(int address, int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("a prefix length is 0..32, not " + prefixLength);
        }
        if ((address & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException("peer " + formatAddress(address) + "/" + prefixLength
                + " has bits set beyond the prefix length");
        }
    }

    static void checkScope(int localPort) {
        if ((localPort & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("a local port is 0..65535 (0 for any), not " + localPort);
        }
    }

    static boolean inScope(int peerAddress, int prefixLength, int localAddress, int localPort, Flow flow) {
        return (flow.remoteAddress() & mask(prefixLength)) == peerAddress
            && (localAddress == 0 || localAddress == flow.localAddress())
            && (localPort == 0 || localPort == flow.localPort());
    }

    static String describeScope(int peerAddress, int prefixLength, int localAddress, int localPort) {
        return "peer " + formatAddress(peerAddress) + "/" + prefixLength
            + (localAddress == 0 ? "" : " local " + formatAddress(localAddress))
            + (localPort == 0 ? "" : " port " + localPort);
    }
}
