package org.tcplab.link.pcap;

/**
 * Why a capture file could not be read (or written) to the end: one value per problem, each with a message a
 * person can act on. Positions count from the start of the file; records are numbered from 1, as tshark numbers
 * frames.
 */
public sealed interface PcapError {

    /** One line, for a person. */
    String message();

    /** The file could not be opened or read: {@code path} and the operating system's reason. */
    record Unreadable(String path, String reason) implements PcapError {
        @Override
        public String message() {
            return "cannot read " + path + ": " + reason;
        }
    }

    /** The file could not be created or opened for writing. */
    record Unwritable(String path, String reason) implements PcapError {
        @Override
        public String message() {
            return "cannot write " + path + ": " + reason;
        }
    }

    /** Writing failed part way; the writer's status counts the records that did not reach the file. */
    record WriteFailed(String target, String reason) implements PcapError {
        @Override
        public String message() {
            return "writing " + target + " failed: " + reason;
        }
    }

    /** The first four bytes are no pcap magic number. */
    record NotPcap(int magic) implements PcapError {
        @Override
        public String message() {
            return String.format("not a pcap file: it starts with %08x, which is no pcap magic number"
                + " (a1b2c3d4 or a1b23c4d, in either byte order)", magic);
        }
    }

    /** The file is pcapng (its first block is a Section Header Block, 0x0a0d0d0a). */
    record Pcapng() implements PcapError {
        @Override
        public String message() {
            return "pcapng is not supported, convert with editcap -F pcap";
        }
    }

    /** The file ends inside the 24-byte file header. */
    record TruncatedHeader(int length) implements PcapError {
        @Override
        public String message() {
            return "truncated pcap file header: the file has " + length + " of 24 bytes";
        }
    }

    /** The file header says a version other than 2.x. */
    record UnsupportedVersion(int major, int minor) implements PcapError {
        @Override
        public String message() {
            return "unsupported pcap version " + major + "." + minor + ": only version 2.x is read";
        }
    }

    /** The link type is not one of {@link LinkType}. */
    record UnsupportedLinkType(int linkType) implements PcapError {
        @Override
        public String message() {
            return "unsupported link type " + linkType
                + ": only LINKTYPE_ETHERNET (1), LINKTYPE_RAW (101) and LINKTYPE_IPV4 (228) are read";
        }
    }

    /** The file ends inside the 16-byte header of record {@code record}. */
    record TruncatedRecordHeader(long record, long offset, int length) implements PcapError {
        @Override
        public String message() {
            return "truncated file: record " + record + " at byte " + offset + " has " + length
                + " of its 16 header bytes";
        }
    }

    /** The file ends inside the data of record {@code record}. */
    record TruncatedRecord(long record, long offset, long capturedLength, long available) implements PcapError {
        @Override
        public String message() {
            return "truncated file: record " + record + " at byte " + offset + " has " + available + " of its "
                + capturedLength + " bytes";
        }
    }

    /**
     * A record claims more captured bytes than the file's snaplen allows (or than any sane record: libpcap's
     * maximum of {@value PcapFormat#MAX_SNAPLEN} bytes, when the snaplen is 0 or larger): the file is corrupt
     * from here on.
     */
    record CapturedLengthTooLarge(long record, long offset, long capturedLength, long snaplen, long limit)
        implements PcapError {
        @Override
        public String message() {
            String what = limit == snaplen ? "the file's snaplen " + snaplen
                : "the largest record this reader accepts (" + limit + " bytes; the file's snaplen is " + snaplen + ")";
            return "corrupt file: record " + record + " at byte " + offset + " has captured length " + capturedLength
                + ", more than " + what;
        }
    }
}
