package org.tcplab.sign.ao.internal;

import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.tcplab.api.sign.AoAlgorithm;

/**
 * One keyed MAC computation at a time: HMAC-SHA1 from the platform (JCA), AES-CMAC from Bouncy Castle's
 * lightweight API (no JCA provider is registered, which suits OSGi). Not thread-safe; {@link #doFinal} leaves
 * the engine ready for the next message under the same key.
 */
abstract sealed class MacEngine {

    static MacEngine of(AoAlgorithm algorithm) {
        return switch (algorithm) {
            case HMAC_SHA_1_96 -> new HmacSha1();
            case AES_128_CMAC_96 -> new AesCmac();
        };
    }

    /** Keys the engine; any key length for HMAC, 16 bytes for CMAC. */
    abstract void init(byte[] key);

    abstract void update(byte[] b, int off, int len);

    /** The bytes from position to limit; the buffer's position moves (pass a duplicate). */
    abstract void update(ByteBuffer b);

    /** Writes the full digest (20 or 16 bytes) into {@code out[0..)} and resets for the same key. */
    abstract void doFinal(byte[] out);

    abstract int digestLength();

    static final class HmacSha1 extends MacEngine {
        private final Mac mac;

        HmacSha1() {
            try {
                mac = Mac.getInstance("HmacSHA1");
            } catch (NoSuchAlgorithmException e) {
                // HmacSHA1 is one of the algorithms every Java platform must support (javax.crypto.Mac).
                throw new IllegalStateException("this Java runtime has no HmacSHA1", e);
            }
        }

        @Override
        void init(byte[] key) {
            try {
                mac.init(new SecretKeySpec(key, "HmacSHA1"));
            } catch (InvalidKeyException e) {
                throw new IllegalArgumentException("HMAC key refused", e);
            }
        }

        @Override
        void update(byte[] b, int off, int len) {
            mac.update(b, off, len);
        }

        @Override
        void update(ByteBuffer b) {
            mac.update(b);
        }

        @Override
        void doFinal(byte[] out) {
            try {
                mac.doFinal(out, 0);
            } catch (javax.crypto.ShortBufferException e) {
                throw new IllegalArgumentException("MAC output needs 20 bytes", e);
            }
        }

        @Override
        int digestLength() {
            return 20;
        }
    }

    static final class AesCmac extends MacEngine {
        private final CMac cmac = new CMac(new JcaAes());
        private final byte[] chunk = new byte[256];

        @Override
        void init(byte[] key) {
            cmac.init(new KeyParameter(key));
        }

        @Override
        void update(byte[] b, int off, int len) {
            cmac.update(b, off, len);
        }

        @Override
        void update(ByteBuffer b) {
            if (b.hasArray()) {
                cmac.update(b.array(), b.arrayOffset() + b.position(), b.remaining());
                b.position(b.limit());
                return;
            }
            while (b.hasRemaining()) {
                int n = Math.min(chunk.length, b.remaining());
                b.get(chunk, 0, n);
                cmac.update(chunk, 0, n);
            }
        }

        @Override
        void doFinal(byte[] out) {
            cmac.doFinal(out, 0);
        }

        @Override
        int digestLength() {
            return 16;
        }
    }

    /**
     * The AES block of Bouncy Castle's CMAC taken from the platform (JCA {@code AES/ECB/NoPadding}, which uses the
     * CPU's AES instructions where there are any) instead of Bouncy Castle's table-driven AESEngine: the CMAC
     * construction stays Bouncy Castle's, only the block cipher under it changes. Encryption only, as CMAC needs.
     */
    static final class JcaAes implements org.bouncycastle.crypto.BlockCipher {
        private final javax.crypto.Cipher aes;

        JcaAes() {
            try {
                aes = javax.crypto.Cipher.getInstance("AES/ECB/NoPadding");
            } catch (java.security.GeneralSecurityException e) {
                // AES/ECB/NoPadding is one of the transformations every Java platform must support.
                throw new IllegalStateException("this Java runtime has no AES/ECB/NoPadding", e);
            }
        }

        @Override
        public void init(boolean forEncryption, org.bouncycastle.crypto.CipherParameters params) {
            if (!forEncryption || !(params instanceof KeyParameter k)) {
                throw new IllegalArgumentException("CMAC's AES encrypts with a plain key");
            }
            try {
                aes.init(javax.crypto.Cipher.ENCRYPT_MODE, new SecretKeySpec(k.getKey(), "AES"));
            } catch (InvalidKeyException e) {
                throw new IllegalArgumentException("AES key refused", e);
            }
        }

        @Override
        public String getAlgorithmName() {
            return "AES";
        }

        @Override
        public int getBlockSize() {
            return 16;
        }

        @Override
        public int processBlock(byte[] in, int inOff, byte[] out, int outOff) {
            try {
                return aes.update(in, inOff, 16, out, outOff);
            } catch (javax.crypto.ShortBufferException e) {
                throw new IllegalArgumentException("AES output needs 16 bytes", e);
            }
        }

        @Override
        public void reset() {
            // ECB without padding keeps no state between blocks
        }
    }
}
