package org.tcplab.api.sign;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The TCP-AO signer's table of master key tuples, what TCP_AO_ADD_KEY / TCP_AO_DEL_KEY and ConfigAdmin change.
 * Registered beside {@link SegmentSigner} by the same component. Thread-safe; a connection sees added keys on
 * its next segment.
 */
@ConsumerType
public interface AoSigner extends SegmentSigner {

    /** Adds {@code key} unless an overlapping key has the same send or receive id. */
    KeyChange addKey(AoKey key);

    /** Removes a key equal to {@code key}; false when there is none (ENOENT). */
    boolean removeKey(AoKey key);

    /** The keys, in the order they were added. */
    List<AoKey> keys();

    /** The keys that apply to a connection of {@code flow}, in the order they were added. */
    List<AoKey> keysFor(Flow flow);
}
