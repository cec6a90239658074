package org.tcplab.wire;

import java.util.Arrays;
import java.util.List;

import org.tcplab.wire.internal.Hex;

/**
 * One TCP option, kept so that re-emitting a parsed option list yields the same bytes: order, NOP and EOL
 * padding (with whatever follows an EOL), and options of unknown kind or unexpected length are all preserved.
 *
 * <p>A known kind with a length other than its own (an MSS option of length 3, say) is parsed as
 * {@link Unknown}, as Linux skips such options too; {@link Unknown}'s constructor therefore refuses the one
 * shape that would parse as a known option, so that parse and emit are exact inverses.
 *
 * <p>{@link #toString()} gives the compact trace notation {@link TcpRepr#toString()} uses:
 * {@code <MSS=1460>}, {@code <WS=7>}, {@code <SACKOK>}, {@code <SACK=100-200,300-400>},
 * {@code <TS=tsVal,tsEcr>}, {@code <MD5=hex>}, {@code <AO=keyId,rnextKeyId,hexMac>},
 * {@code <OPT30=hexData>} for unknown kinds, {@code <NOP>} and {@code <EOL>} (or {@code <EOL+n>} with n
 * padding bytes).
 *
 * <p>Records holding arrays copy them in and out and compare them by content.
 */
public sealed interface TcpOption {

    int KIND_EOL = 0;
    int KIND_NOP = 1;
    int KIND_MSS = 2;
    int KIND_WINDOW_SCALE = 3;
    int KIND_SACK_PERMITTED = 4;
    int KIND_SACK = 5;
    int KIND_TIMESTAMPS = 8;
    int KIND_MD5 = 19;
    int KIND_AO = 29;

    /** The option kind byte. */
    int kind();

    /** The number of bytes this option occupies when emitted (for EOL including its trailing padding). */
    int length();

    /**
     * Whether {@code length} (the option's own length byte, or 1 for EOL/NOP) is the well-formed length for
     * a known {@code kind}; false for unknown kinds.
     */
    static boolean isKnownShape(int kind, int length) {
        switch (kind) {
            case KIND_MSS: return length == 4;
            case KIND_WINDOW_SCALE: return length == 3;
            case KIND_SACK_PERMITTED: return length == 2;
            case KIND_SACK: return length >= 10 && length <= 34 && (length - 2) % 8 == 0;
            case KIND_TIMESTAMPS: return length == 10;
            case KIND_MD5: return length == 18;
            case KIND_AO: return length >= 4;
            default: return false;
        }
    }

    /**
     * End of option list (kind 0). Everything after it up to the end of the header is padding, kept here byte
     * for byte (normally zeros).
     */
    record Eol(byte[] padding) implements TcpOption {
        private static final byte[] NONE = new byte[0];

        public Eol {
            if (padding.length > 39) {
                throw new IllegalArgumentException("EOL padding too long: " + padding.length);
            }
            padding = padding.length == 0 ? NONE : padding.clone();
        }

        /** An EOL with no bytes after it. */
        public Eol() {
            this(NONE);
        }

        /** An EOL followed by {@code n} zero bytes. */
        public static Eol withZeros(int n) {
            return new Eol(new byte[n]);
        }

        @Override
        public byte[] padding() {
            return padding.length == 0 ? NONE : padding.clone();
        }

        @Override
        public int kind() {
            return KIND_EOL;
        }

        @Override
        public int length() {
            return 1 + padding.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Eol e && Arrays.equals(padding, e.padding);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(padding);
        }

        @Override
        public String toString() {
            return padding.length == 0 ? "<EOL>" : "<EOL+" + padding.length + ">";
        }
    }

    /** No operation (kind 1), one byte, used to align options. */
    record Nop() implements TcpOption {
        /** The one instance needed; {@code new Nop()} is equal to it. */
        public static final Nop INSTANCE = new Nop();

        @Override
        public int kind() {
            return KIND_NOP;
        }

        @Override
        public int length() {
            return 1;
        }

        @Override
        public String toString() {
            return "<NOP>";
        }
    }

    /** Maximum segment size (kind 2, RFC 9293 3.7.1), an unsigned 16-bit value. */
    record Mss(int mss) implements TcpOption {
        public Mss {
            checkRange("mss", mss, 0xFFFF);
        }

        @Override
        public int kind() {
            return KIND_MSS;
        }

        @Override
        public int length() {
            return 4;
        }

        @Override
        public String toString() {
            return "<MSS=" + mss + ">";
        }
    }

    /** Window scale (kind 3, RFC 7323 2): the raw shift byte 0..255 (values above 14 are the stack's concern). */
    record WindowScale(int shift) implements TcpOption {
        public WindowScale {
            checkRange("shift", shift, 0xFF);
        }

        @Override
        public int kind() {
            return KIND_WINDOW_SCALE;
        }

        @Override
        public int length() {
            return 3;
        }

        @Override
        public String toString() {
            return "<WS=" + shift + ">";
        }
    }

    /** SACK permitted (kind 4, RFC 2018). */
    record SackPermitted() implements TcpOption {
        public static final SackPermitted INSTANCE = new SackPermitted();

        @Override
        public int kind() {
            return KIND_SACK_PERMITTED;
        }

        @Override
        public int length() {
            return 2;
        }

        @Override
        public String toString() {
            return "<SACKOK>";
        }
    }

    /** One SACK block: left and right edge, unsigned 32-bit sequence numbers. */
    record SackBlock(long left, long right) {
        public SackBlock {
            checkU32("left", left);
            checkU32("right", right);
        }
    }

    /** SACK (kind 5, RFC 2018): one to four blocks. */
    record Sack(List<SackBlock> blocks) implements TcpOption {
        public Sack {
            blocks = List.copyOf(blocks);
            if (blocks.isEmpty() || blocks.size() > 4) {
                throw new IllegalArgumentException("a SACK option holds 1..4 blocks, got " + blocks.size());
            }
        }

        @Override
        public int kind() {
            return KIND_SACK;
        }

        @Override
        public int length() {
            return 2 + 8 * blocks.size();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("<SACK=");
            for (int i = 0; i < blocks.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(blocks.get(i).left()).append('-').append(blocks.get(i).right());
            }
            return sb.append('>').toString();
        }
    }

    /** Timestamps (kind 8, RFC 7323 3): TSval and TSecr, unsigned 32-bit. */
    record Timestamps(long tsVal, long tsEcr) implements TcpOption {
        public Timestamps {
            checkU32("tsVal", tsVal);
            checkU32("tsEcr", tsEcr);
        }

        @Override
        public int kind() {
            return KIND_TIMESTAMPS;
        }

        @Override
        public int length() {
            return 10;
        }

        @Override
        public String toString() {
            return "<TS=" + tsVal + "," + tsEcr + ">";
        }
    }

    /** TCP MD5 signature (kind 19, RFC 2385): a 16-byte digest. */
    record Md5Signature(byte[] digest) implements TcpOption {
        public Md5Signature {
            if (digest.length != 16) {
                throw new IllegalArgumentException("an MD5 digest has 16 bytes, got " + digest.length);
            }
            digest = digest.clone();
        }

        @Override
        public byte[] digest() {
            return digest.clone();
        }

        @Override
        public int kind() {
            return KIND_MD5;
        }

        @Override
        public int length() {
            return 18;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Md5Signature m && Arrays.equals(digest, m.digest);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(digest);
        }

        @Override
        public String toString() {
            return "<MD5=" + Hex.of(digest) + ">";
        }
    }

    /** TCP Authentication Option (kind 29, RFC 5925 2.2): KeyID, RNextKeyID and the MAC (0..36 bytes). */
    record Ao(int keyId, int rnextKeyId, byte[] mac) implements TcpOption {
        public Ao {
            checkRange("keyId", keyId, 0xFF);
            checkRange("rnextKeyId", rnextKeyId, 0xFF);
            if (mac.length > 36) {
                throw new IllegalArgumentException("an AO MAC fits 36 bytes at most, got " + mac.length);
            }
            mac = mac.clone();
        }

        @Override
        public byte[] mac() {
            return mac.clone();
        }

        @Override
        public int kind() {
            return KIND_AO;
        }

        @Override
        public int length() {
            return 4 + mac.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ao a && keyId == a.keyId && rnextKeyId == a.rnextKeyId && Arrays.equals(mac, a.mac);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * keyId + rnextKeyId) + Arrays.hashCode(mac);
        }

        @Override
        public String toString() {
            return "<AO=" + keyId + "," + rnextKeyId + "," + Hex.of(mac) + ">";
        }
    }

    /**
     * Any other option, kept byte for byte: {@code kind}, then a length byte equal to {@code data.length + 2},
     * then {@code data}. Also holds a known kind whose length is not that kind's own.
     */
    record Unknown(int kind, byte[] data) implements TcpOption {
        public Unknown {
            if (kind < 2 || kind > 255) {
                throw new IllegalArgumentException("an option with a length byte has kind 2..255, got " + kind);
            }
            if (data.length > 38) {
                throw new IllegalArgumentException("option data fits 38 bytes at most, got " + data.length);
            }
            if (isKnownShape(kind, data.length + 2)) {
                throw new IllegalArgumentException("kind " + kind + " with length " + (data.length + 2)
                    + " is a well-formed known option: use its record");
            }
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public int length() {
            return 2 + data.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && kind == u.kind && Arrays.equals(data, u.data);
        }

        @Override
        public int hashCode() {
            return 31 * kind + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "<OPT" + kind + "=" + Hex.of(data) + ">";
        }
    }

    private static void checkRange(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " out of range 0.." + max + ": " + value);
        }
    }

    private static void checkU32(String name, long value) {
        if ((value >>> 32) != 0) {
            throw new IllegalArgumentException(name + " is not an unsigned 32-bit value: " + value);
        }
    }
}
