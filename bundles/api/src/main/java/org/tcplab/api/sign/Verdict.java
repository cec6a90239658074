package org.tcplab.api.sign;

/**
 * The outcome of verifying one received segment. Anything but {@link #OK} is a silent drop: never answered,
 * counted under {@link #mibName()} (Linux's TcpExt counter, null where Linux counts nothing) and
 * {@link #dropReason()} (Linux's {@code skb_drop_reason} without its prefix). Linux's choices are in
 * {@code tcp_inbound_hash}, {@code tcp_inbound_md5_hash} and {@code tcp_inbound_ao_hash}.
 * An {@link #OK} from a TCP-AO signer is what Linux counts as {@code TCPAOGood}.
 */
public enum Verdict {
    /** The segment is signed as the connection requires, or unsigned where no key applies. */
    OK(null, null),
    /** A key applies to the peer but the segment carries no MD5 option. */
    MD5_NOT_FOUND("TCPMD5NotFound", "TCP_MD5NOTFOUND"),
    /** The segment carries an MD5 option but no key applies to the peer. */
    MD5_UNEXPECTED("TCPMD5Unexpected", "TCP_MD5UNEXPECTED"),
    /** The MD5 digest does not match the key. */
    MD5_FAILURE("TCPMD5Failure", "TCP_MD5FAILURE"),
    /** The connection uses TCP-AO (or a key applies to the peer) but the segment carries no AO option. */
    AO_REQUIRED("TCPAORequired", "TCP_AONOTFOUND"),
    /** The segment carries an AO option where TCP-AO is not in use (Linux counts it as TCPAOKeyNotFound). */
    AO_UNEXPECTED("TCPAOKeyNotFound", "TCP_AOUNEXPECTED"),
    /** No master key tuple has a receive id equal to the segment's KeyID. */
    AO_KEY_NOT_FOUND("TCPAOKeyNotFound", "TCP_AOKEYNOTFOUND"),
    /** The MAC does not match, or its length is not the key's. */
    AO_BAD("TCPAOBad", "TCP_AOFAILURE"),
    /** Two signature options, or a malformed one (Linux tcp_parse_auth_options fails). */
    AUTH_HDR(null, "TCP_AUTH_HDR"),
    /** A non-SYN, non-ACK segment at an AO listener: no way to know the ISNs (Linux drops it as TCP_FLAGS). */
    FLAGS(null, "TCP_FLAGS");

    private final String mibName;
    private final String dropReason;

    Verdict(String mibName, String dropReason) {
        this.mibName = mibName;
        this.dropReason = dropReason;
    }

    /** Linux's counter, e.g. {@code TCPMD5Failure} (TcpExt group), or null when Linux counts none. */
    public String mibName() {
        return mibName;
    }

    /** Linux's drop reason, e.g. {@code TCP_MD5FAILURE}; null for {@link #OK}. */
    public String dropReason() {
        return dropReason;
    }

    public boolean isOk() {
        return this == OK;
    }
}
