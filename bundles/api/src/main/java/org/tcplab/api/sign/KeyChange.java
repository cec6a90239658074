package org.tcplab.api.sign;

/** What adding a key did. */
public enum KeyChange {
    /** A new key. */
    ADDED,
    /** MD5: a key for the same peer prefix and local scope was replaced, as TCP_MD5SIG does. */
    REPLACED,
    /**
     * AO: refused, a key whose peer prefix and scope overlap has the same send id or the same receive id
     * (RFC 5925 §3.1; Linux answers EEXIST).
     */
    ID_CONFLICT
}
