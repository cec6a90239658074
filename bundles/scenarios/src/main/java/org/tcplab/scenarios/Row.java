package org.tcplab.scenarios;

/**
 * One line of a ladder. A {@link Kind#SEGMENT} row reads like a line of an RFC 793 figure: TCP A's state, the
 * arrow on A's side, the segment in RFC notation, the arrow on B's side, TCP B's state. {@code -->} and
 * {@code <--} show where the segment leaves and arrives, {@code ...} that it is still in the network at that
 * point (its other end is on another row), {@code XXX} that the network lost it. States are the states after
 * the segment left or arrived, as in the RFC's reading key.
 *
 * @param kind    what the row is
 * @param number  the figure's line number, 0 for rows that carry none (marks, the row after a note)
 * @param nanos   when, on the scenario's virtual clock
 * @param left    TCP A's column: a state, a note, or a label such as {@code (duplicate)}
 * @param leftArrow  {@code -->}, {@code <--}, {@code ...}, {@code XXX} or empty
 * @param segment the segment in RFC notation (SEGMENT rows), empty otherwise
 * @param rightArrow as {@code leftArrow}, on B's side
 * @param right   TCP B's column
 * @param text    for MARK rows: what happened (a call and its result, a policy decision, a drop)
 */
public record Row(Kind kind, int number, long nanos, String left, String leftArrow, String segment,
        String rightArrow, String right, String text) {

    /** What a row shows. */
    public enum Kind {
        /** Both sides' states, no segment (the first line of most figures). */
        STATES,
        /** A segment leaving, arriving, or both. */
        SEGMENT,
        /** Comments in parentheses, e.g. {@code (Close)} or {@code (CRASH)}. */
        NOTE,
        /** A marked line: a socket call and what it returned, a policy decision, a drop by a host. */
        MARK
    }

    static Row mark(long nanos, String text) {
        return new Row(Kind.MARK, 0, nanos, "", "", "", "", "", text);
    }

    Row numbered(int n) {
        return new Row(kind, n, nanos, left, leftArrow, segment, rightArrow, right, text);
    }

    /**
     * The row as the figure prints it with runs of spaces folded to one: {@code SYN-SENT --> <SEQ=100><CTL=SYN> -->
     * SYN-RECEIVED}, {@code CLOSED LISTEN}, {@code (Close)}, or {@code * A send(5 bytes) = EPIPE} for a mark.
     */
    public String figureText() {
        if (kind == Kind.MARK) {
            return "* " + text;
        }
        StringBuilder sb = new StringBuilder();
        for (String part : new String[] {left, leftArrow, segment, rightArrow, right}) {
            if (!part.isEmpty()) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(part);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return figureText();
    }
}
