package org.tcplab.scenarios;

import java.util.List;

/**
 * A run's ladder as an SVG picture: time runs down, TCP A on the left, TCP B on the right, one row per ladder
 * line. Segments are arrows between the two time lines (dashed where the segment is still in the network,
 * ending in a red cross where it was lost); states stand beside the time lines; marked lines (calls, policy
 * decisions, drops) are written small in the middle, policy decisions in blue and drops in red.
 */
public final class Svg {

    // A segment label stands 13 px above its row; 30 px keeps it clear of the text of the row above.
    private static final int ROW = 30;
    private static final int AX = 190;
    private static final int BX = 710;
    private static final int WIDTH = 900;

    private Svg() {
    }

    public static String of(Run run) {
        List<Row> rows = run.ladder().rows();
        int height = 90 + ROW * rows.size() + 30;
        StringBuilder sb = new StringBuilder(8192);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" font-family=\"monospace\" font-size=\"12\">\n");
        sb.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" ")
                .append("markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\"/></marker></defs>\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(sb, WIDTH / 2, 20, "middle", "bold", "black", run.scenario() + " - policy " + run.policy() + ", seed " + run.seed());
        text(sb, WIDTH / 2, 38, "middle", "normal", "#555", run.description());
        text(sb, AX, 62, "middle", "bold", "black", "TCP A");
        text(sb, BX, 62, "middle", "bold", "black", "TCP B");
        int top = 70;
        int bottom = top + ROW * rows.size() + 10;
        line(sb, AX, top, AX, bottom, "#888", false);
        line(sb, BX, top, BX, bottom, "#888", false);
        int y = top + ROW;
        for (Row r : rows) {
            if (r.number() > 0) {
                text(sb, 14, y, "start", "normal", "#888", r.number() + ".");
            }
            switch (r.kind()) {
                case STATES, NOTE -> {
                    text(sb, AX - 8, y, "end", "normal", "black", r.left());
                    text(sb, BX + 8, y, "start", "normal", "black", r.right());
                }
                case MARK -> {
                    String colour = r.text().contains(" asks policy ") ? "#1f4fbf"
                            : r.text().contains(" drops ") || r.text().startsWith("lost") ? "#b22222" : "#555";
                    text(sb, WIDTH / 2, y, "middle", "italic", colour, r.text());
                }
                case SEGMENT -> segment(sb, r, y);
                default -> throw new IllegalStateException();
            }
            y += ROW;
        }
        return sb.append("</svg>\n").toString();
    }

    private static void segment(StringBuilder sb, Row r, int y) {
        boolean toB = r.leftArrow().equals("-->") || r.rightArrow().equals("-->");
        boolean fromHere = toB ? r.leftArrow().equals("-->") : r.rightArrow().equals("<--");
        boolean arrives = toB ? r.rightArrow().equals("-->") : r.leftArrow().equals("<--");
        boolean lost = r.leftArrow().equals("XXX") || r.rightArrow().equals("XXX");
        int from = toB ? AX : BX;
        int to = toB ? BX : AX;
        int mid = (AX + BX) / 2;
        int x1 = fromHere ? from : mid + (from - mid) / 3;
        int x2 = arrives ? to : lost ? mid + (to - mid) / 3 : mid + (to - mid) / 3;
        int y1 = y - 12;
        int y2 = y;
        sb.append("<line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2)
                .append("\" y2=\"").append(y2).append("\" stroke=\"").append(lost ? "#b22222" : "black")
                .append("\" stroke-width=\"1.3\"");
        if (!fromHere || !arrives) {
            sb.append(" stroke-dasharray=\"5,3\"");
        }
        if (arrives) {
            sb.append(" marker-end=\"url(#arrow)\"");
        }
        sb.append("/>\n");
        if (lost) {
            text(sb, x2, y2 + 4, "middle", "bold", "#b22222", "X");
        }
        text(sb, mid, y1 - 4, "middle", "normal", "black", r.segment());
        text(sb, AX - 8, y, "end", "normal", "black", r.left());
        text(sb, BX + 8, y, "start", "normal", "black", r.right());
    }

    private static void line(StringBuilder sb, int x1, int y1, int x2, int y2, String colour, boolean dashed) {
        sb.append("<line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2)
                .append("\" y2=\"").append(y2).append("\" stroke=\"").append(colour).append('"')
                .append(dashed ? " stroke-dasharray=\"5,3\"" : "").append("/>\n");
    }

    private static void text(StringBuilder sb, int x, int y, String anchor, String style, String colour, String s) {
        if (s == null || s.isEmpty()) {
            return;
        }
        sb.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" text-anchor=\"").append(anchor)
                .append("\" fill=\"").append(colour).append('"');
        if (style.equals("bold")) {
            sb.append(" font-weight=\"bold\"");
        } else if (style.equals("italic")) {
            sb.append(" font-style=\"italic\"");
        }
        sb.append('>').append(escape(s)).append("</text>\n");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
