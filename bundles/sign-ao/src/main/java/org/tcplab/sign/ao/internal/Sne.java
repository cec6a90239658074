package org.tcplab.sign.ao.internal;

/**
 * RFC 5925 §6.2, the sequence number extension: the high 32 bits of a 64-bit sequence number, counting how often
 * one direction's sequence space has wrapped. Kept as Linux keeps it ({@code tcp_ao_compute_sne}): an SNE for a
 * basis (SND.UNA for what we send, RCV.NXT for what we receive), from which the SNE of any sequence number
 * near it follows, one less for numbers just before a wrap the basis has already passed, one more for numbers
 * just after a wrap the basis has not reached yet. Pure; not thread-safe.
 */
final class Sne {

    private long basis;
    private int sne;

    /** Starts at SNE 0 with basis {@code isn} (the ISN of the direction tracked). */
    Sne(long isn) {
        this.basis = isn & 0xFFFFFFFFL;
    }

    /**
     * The SNE of {@code seq} given that {@code basis} has SNE {@code basisSne}. RFC 1982 order: {@code seq} is
     * before the basis when it is less than 2^31 behind it.
     */
    static int compute(int basisSne, long basis, long seq) {
        int diff = (int) (seq - basis);
        if (diff < 0) {
            // seq before basis; numerically above it means it lies before a wrap the basis has passed
            return (seq & 0xFFFFFFFFL) > (basis & 0xFFFFFFFFL) ? basisSne - 1 : basisSne;
        }
        // seq at or after basis; numerically below it means a wrap lies between them
        return (seq & 0xFFFFFFFFL) < (basis & 0xFFFFFFFFL) ? basisSne + 1 : basisSne;
    }

    /** Moves the basis to {@code newBasis} (which only moves forward, by less than 2^31). */
    void advance(long newBasis) {
        sne = compute(sne, basis, newBasis);
        basis = newBasis & 0xFFFFFFFFL;
    }

    /** The SNE of {@code seq} near the current basis. */
    int of(long seq) {
        return compute(sne, basis, seq);
    }

    int sne() {
        return sne;
    }

    long basis() {
        return basis;
    }
}
