package org.tcplab.api.sign;

import java.nio.ByteBuffer;

/**
 * How one signer wants a RST that answers a segment without a connection to be sent. The engine asks every
 * signer; any {@link Suppressed} means no RST at all; else a {@link Signed} (at most one signer can claim a
 * segment, since a segment with both signature options is never answered) means reserve its option and sign;
 * else the RST goes out unsigned.
 */
public sealed interface ResetPlan {

    /** This signer has nothing to say about the segment: an unsigned RST as far as it is concerned. */
    ResetPlan UNSIGNED = new Unsigned();

    /** Nothing of this signer's kind is involved. */
    record Unsigned() implements ResetPlan {
    }

    /** Send no RST; count {@code reason}. */
    record Suppressed(Why reason) implements ResetPlan {
    }

    /**
     * Send the RST signed: emit it with one option of {@code optionKind} and length {@code optionLength} (body
     * zero), call {@link #sign} on its bytes, then compute the checksum.
     *
     * @param optionKind   19 (MD5) or 29 (AO)
     * @param optionLength the option's length, 18 for MD5, 4 + MAC length for AO
     * @param signer       fills the option body of the emitted RST; usable once, on the thread that planned it
     */
    record Signed(int optionKind, int optionLength, ResetSigner signer) implements ResetPlan {
        /** Fills the option body of the RST at {@code offset} (TCP header and no payload), see {@link ResetSigner}. */
        public void sign(ByteBuffer rst, int offset, int length) {
            signer.sign(rst, offset, length);
        }
    }

    /** Fills in the signature of one emitted RST. */
    @FunctionalInterface
    interface ResetSigner {
        /**
         * Writes the option body of the RST segment at absolute {@code offset}, {@code length} bytes (header only).
         * The segment must carry one option of the planned kind and length; a missing one is a programming error
         * (IllegalArgumentException).
         */
        void sign(ByteBuffer rst, int offset, int length);
    }

    /** Why no RST may be sent. */
    enum Why {
        /**
         * No socket and no listener found through the segment's source port: Linux does not send a RST to a
         * signed segment it cannot verify ({@code tcp_v4_send_reset}: "don't send rst if it can't find key").
         */
        NO_LISTENER,
        /** No key for the peer (MD5), or no master key whose send id is the segment's RNextKeyID (AO). */
        NO_KEY,
        /** The segment's own signature does not verify: answering it would help an attacker. */
        BAD_SIGNATURE,
        /**
         * A TCP-AO segment with no socket: the ISNs the traffic keys need are unknown, so Linux sends nothing
         * ({@code tcp_ao_prepare_reset}: -ENOTCONN; RFC 5925 §7.7).
         */
        NO_CONNECTION,
        /** Two signature options or a malformed one (Linux tcp_parse_auth_options). */
        AUTH_HDR
    }
}
