package org.tcplab.scenarios;

import java.util.ArrayList;
import java.util.List;

/**
 * A scenario's rows laid out like RFC 793's figures:
 *
 * <pre>
 *       TCP A                                                TCP B
 *   1.  CLOSED                                               LISTEN
 *   2.  SYN-SENT    --&gt; &lt;SEQ=100&gt;&lt;CTL=SYN&gt;               --&gt; SYN-RECEIVED
 * </pre>
 *
 * Marked lines (calls, policy decisions, drops by a host) are indented under the row they follow and start
 * with {@code *}.
 */
public final class Ladder {

    private final String titleA;
    private final String titleB;
    private final List<Row> rows;

    public Ladder(String titleA, String titleB, List<Row> rows) {
        this.titleA = titleA;
        this.titleB = titleB;
        this.rows = List.copyOf(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    /**
     * The rows that correspond to lines of an RFC figure, everything but the marks, each with its line number
     * as the figure prints it: {@code 2. SYN-SENT --> <SEQ=100><CTL=SYN> --> SYN-RECEIVED}.
     */
    public List<String> figureLines() {
        return rows.stream().filter(r -> r.kind() != Row.Kind.MARK)
                .map(r -> (r.number() > 0 ? r.number() + ". " : "") + r.figureText()).toList();
    }

    /** Every row's {@link Row#figureText()}, marks included. */
    public List<String> lines() {
        return rows.stream().map(Row::figureText).toList();
    }

    /** The ladder as text lines, columns aligned. */
    public List<String> render() {
        int wl = 11;
        int ws = 30;
        for (Row r : rows) {
            if (r.kind() == Row.Kind.SEGMENT || r.kind() == Row.Kind.STATES) {
                wl = Math.max(wl, r.left().length());
            }
            ws = Math.max(ws, r.segment().length());
        }
        List<String> out = new ArrayList<>();
        int middle = 3 + 1 + ws + 1 + 3;
        out.add(String.format("      %-" + (wl + 1 + middle + 1) + "s%s", titleA, titleB).stripTrailing());
        for (Row r : rows) {
            String n = r.number() > 0 ? String.format("%3d.  ", r.number()) : "      ";
            switch (r.kind()) {
                case MARK -> out.add("      " + "  * " + r.text());
                case NOTE -> out.add((n + pad(r.left(), wl + 1 + middle + 1) + r.right()).stripTrailing());
                case STATES -> out.add((n + pad(r.left(), wl + 1 + middle + 1) + r.right()).stripTrailing());
                case SEGMENT -> out.add((n + pad(r.left(), wl) + " " + pad(r.leftArrow(), 3) + " "
                        + pad(r.segment(), ws) + " " + pad(r.rightArrow(), 3) + " " + r.right()).stripTrailing());
                default -> throw new IllegalStateException();
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return String.join("\n", render());
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /**
     * Two ladders side by side under their titles; a line whose rows differ (ignoring line numbers and
     * alignment) is marked {@code !} in the gutter. The shorter ladder is padded with empty lines.
     */
    public static String sideBySide(String leftTitle, Ladder left, String rightTitle, Ladder right) {
        List<String> l = left.render();
        List<String> r = right.render();
        List<String> lc = new ArrayList<>(left.lines());
        List<String> rc = new ArrayList<>(right.lines());
        lc.add(0, "");
        rc.add(0, "");
        int width = 0;
        for (String s : l) {
            width = Math.max(width, s.length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("  %-" + width + "s | %s%n", "policy " + leftTitle, "policy " + rightTitle));
        int n = Math.max(l.size(), r.size());
        int differing = 0;
        for (int i = 0; i < n; i++) {
            String a = i < l.size() ? l.get(i) : "";
            String b = i < r.size() ? r.get(i) : "";
            String ac = i < lc.size() ? lc.get(i) : null;
            String bc = i < rc.size() ? rc.get(i) : null;
            // The policies' own names are not a difference.
            boolean differs = ac == null || bc == null
                    || !ac.replace(leftTitle, "").equals(bc.replace(rightTitle, ""));
            if (differs) {
                differing++;
            }
            sb.append(differs ? "! " : "  ").append(String.format("%-" + width + "s | %s", a, b).stripTrailing())
                    .append('\n');
        }
        sb.append(differing == 0 ? "  (the two policies give the same ladder)"
                : "  (" + differing + " line" + (differing == 1 ? "" : "s") + " marked ! differ)");
        return sb.toString();
    }
}
