package org.tcplab.api.policy;

/** What to do with data carried by a SYN. */
public enum SynDataVerdict {
    /** RFC 793: "queue them for processing after the ESTABLISHED state has been reached". */
    QUEUE,
    /** Linux without TCP Fast Open: discard it; the peer sends it again once the connection is synchronized. */
    DISCARD
}
