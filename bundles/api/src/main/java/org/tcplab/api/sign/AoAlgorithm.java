package org.tcplab.api.sign;

/** The MAC algorithms of RFC 5926 §3.2, with the KDFs of §3.1.1 that go with them. */
public enum AoAlgorithm {
    /** HMAC-SHA-1-96: KDF_HMAC_SHA1, 160-bit traffic keys; Linux's {@code hmac(sha1)}. */
    HMAC_SHA_1_96("hmac(sha1)", 20),
    /** AES-128-CMAC-96: KDF_AES_128_CMAC, 128-bit traffic keys; Linux's {@code cmac(aes128)}. */
    AES_128_CMAC_96("cmac(aes128)", 16);

    private final String linuxName;
    private final int digestLength;

    AoAlgorithm(String linuxName, int digestLength) {
        this.linuxName = linuxName;
        this.digestLength = digestLength;
    }

    /** The {@code alg_name} Linux's TCP_AO_ADD_KEY takes for it. */
    public String linuxName() {
        return linuxName;
    }

    /** The untruncated MAC length in bytes, the longest MAC a key of this algorithm may use. */
    public int digestLength() {
        return digestLength;
    }

    /** By Linux's name ({@code hmac(sha1)}, {@code cmac(aes128)}) or the enum name; throws IllegalArgumentException. */
    public static AoAlgorithm parse(String name) {
        for (AoAlgorithm a : values()) {
            if (a.linuxName.equalsIgnoreCase(name.trim()) || a.name().equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown TCP-AO algorithm '" + name + "': use hmac(sha1) or cmac(aes128)");
    }
}
