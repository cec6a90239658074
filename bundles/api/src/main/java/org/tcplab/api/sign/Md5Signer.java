package org.tcplab.api.sign;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The TCP-MD5 signer's key table, what TCP_MD5SIG and ConfigAdmin change. Registered beside
 * {@link SegmentSigner} by the same component. Thread-safe; changes apply from the next segment on.
 */
@ConsumerType
public interface Md5Signer extends SegmentSigner {

    /**
     * Adds {@code key}, replacing a key for the same peer prefix and local scope; IllegalArgumentException for a
     * {@link Md5Key#deletion} request.
     */
    KeyChange addKey(Md5Key key);

    /** Removes the key for {@code key}'s peer prefix and local scope; false when there is none (ENOENT). */
    boolean removeKey(Md5Key key);

    /** The keys, in the order they are matched (longest prefix first, then the most specific scope). */
    List<Md5Key> keys();

    /** The key a connection of {@code flow} uses now, or null. */
    Md5Key keyFor(Flow flow);
}
