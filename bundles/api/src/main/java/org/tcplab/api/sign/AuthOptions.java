package org.tcplab.api.sign;

import java.nio.ByteBuffer;

/**
 * Where a segment's signature options are, found as Linux's {@code tcp_do_parse_auth_options} finds them: an MD5
 * option must be 18 bytes, an AO option longer than 4, and a second signature option of either kind, or an
 * option whose length byte is below 2 or runs past the header, makes the header unusable.
 *
 * @param malformed true when the header cannot be trusted (TCP_AUTH_HDR)
 * @param md5At     absolute offset of the MD5 option's kind byte, or -1
 * @param aoAt      absolute offset of the AO option's kind byte, or -1
 */
public record AuthOptions(boolean malformed, int md5At, int aoAt) {

    /** TCP option kind of TCP-MD5 (RFC 2385). */
    public static final int KIND_MD5 = 19;
    /** TCP option kind of TCP-AO (RFC 5925). */
    public static final int KIND_AO = 29;
    private static final AuthOptions BAD = new AuthOptions(true, -1, -1);

    /** Reads the options of the segment at {@code offset}; never throws for bytes inside the buffer. */
    public static AuthOptions locate(ByteBuffer b, int offset, int length) {
        if (length < 20 || offset < 0 || offset + length > b.limit()) {
            return BAD;
        }
        int headerLength = (b.get(offset + 12) & 0xF0) >>> 2;
        if (headerLength < 20 || headerLength > length) {
            return BAD;
        }
        int md5 = -1;
        int ao = -1;
        int i = offset + 20;
        int end = offset + headerLength;
        while (i < end) {
            int kind = b.get(i) & 0xFF;
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                return BAD;
            }
            int size = b.get(i + 1) & 0xFF;
            if (size < 2 || size > end - i) {
                return BAD;
            }
            if (kind == KIND_MD5 || kind == KIND_AO) {
                if ((kind == KIND_MD5 && size != 18) || (kind == KIND_AO && size <= 4) || md5 >= 0 || ao >= 0) {
                    return BAD;
                }
                if (kind == KIND_MD5) {
                    md5 = i;
                } else {
                    ao = i;
                }
            }
            i += size;
        }
        return new AuthOptions(false, md5, ao);
    }
}
