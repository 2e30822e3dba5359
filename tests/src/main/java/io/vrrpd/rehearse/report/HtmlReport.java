package io.vrrpd.rehearse.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.rehearse.measure.Span;
import io.vrrpd.rehearse.measure.StepSpan;
import io.vrrpd.rehearse.measure.TimeText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (inline CSS, SVG and script; its content security
 * policy lets it fetch nothing) rendered from what {@code report.json} holds and the
 * {@link Chart} of the same run. Top to bottom: the verdict, the expectations, the steps (the
 * tables of {@code report.json}), a legend, and the timeline: a time axis with a marker per step,
 * a lane per blade, the virtual addresses' lane and the client's lane; false-MASTER spans cover
 * their blade's lane in hatched red, dual-master spans their address's row in hatched magenta,
 * and hovering anything shows its exact times.
 *
 * <p>The DOM is part of the contract its test checks: {@code #verdict} (class {@code passed} or
 * {@code failed}), {@code #expectations} and {@code #steps} tables, {@code svg#timeline} with a
 * {@code g.lane[data-kind][data-name]} per lane, {@code g.row[data-row][data-label]} per row,
 * {@code rect.seg[data-value]} per segment, {@code g.step-marker[data-index]} per step, and
 * {@code rect.false-master[data-blade]}, {@code rect.dual-master[data-vip]} and
 * {@code rect.no-master[data-vip]}, each with {@code data-from-ms} and {@code data-to-ms}.
 */
public final class HtmlReport {
    private static final int LEFT = 200;
    private static final int RIGHT = 24;
    private static final int ROW = 13;
    private static final int ROW_GAP = 3;
    private static final int LANE_TITLE = 20;
    private static final int LANE_GAP = 12;
    private static final int STEP_LABEL_ROWS = 3;
    private static final int STEP_LABEL = 14;
    private static final int AXIS = 22;

    /**
     * Every value a segment can take, its colour and what it means: the one palette of the page
     * (the legend is drawn from it). Values not here (another daemon's word) are drawn grey.
     */
    static final Map<String, String[]> PALETTE = palette();

    private static Map<String, String[]> palette() {
        Map<String, String[]> p = new LinkedHashMap<>();
        p.put("MASTER", new String[] {"#2e7d32", "MASTER: egress verified (vrrpd), or entered MASTER (keepalived)"});
        p.put("ACTIVATING", new String[] {"#f9a825", "ACTIVATING: protocol Master, egress not verified yet"});
        p.put("EGRESS_FAILED", new String[] {"#e65100", "EGRESS_FAILED: protocol Master, verification failed"});
        p.put("BACKUP", new String[] {"#1976d2", "BACKUP"});
        p.put("INIT", new String[] {"#90a4ae", "INIT / INITIALIZE: starting, or the interface is not ready"});
        p.put("INITIALIZE", new String[] {"#90a4ae", null});
        p.put("FAULT", new String[] {"#6a1b9a", "FAULT: interface missing or down, or a config it cannot apply"});
        p.put(Chart.SILENT, new String[] {"#e0e0e0", "no answer: the daemon runs but said nothing"});
        p.put(Chart.STOPPED, new String[] {"#9e9e9e", "stopped: the daemon does not run"});
        p.put(Chart.OFF, new String[] {"#212121", "off: the blade has no power"});
        p.put(Chart.HELD, new String[] {"#4db6ac", "held: the blade's kernel has the address"});
        p.put(Chart.PRESENT, new String[] {"#00695c", "default route present"});
        p.put(Chart.MISSING, new String[] {"#ef9a9a", "default route missing"});
        p.put(Chart.REACHABLE, new String[] {"#43a047", "the client gets out: every probe of the family answered"});
        p.put(Chart.PARTIAL, new String[] {"#fdd835", "partial: some kinds of probe answered"});
        p.put(Chart.NO_REPLY, new String[] {"#fb8c00", "no reply: probes got out, their replies did not come back"});
        p.put(Chart.CUT_OFF, new String[] {"#c62828", "cut off: the client's probes did not get out"});
        p.put(Chart.NOBODY, new String[] {"#ffffff", "nobody holds the address"});
        p.put("several", new String[] {"#f48fb1", "several blades hold the address"});
        return p;
    }

    /** Colours for the blades, in the holders' and the client's rows. */
    private static final String[] BLADE_COLOURS = {"#5c6bc0", "#8d6e63", "#26a69a", "#d4e157", "#ec407a", "#78909c"};

    private final StringBuilder out = new StringBuilder(64 * 1024);
    private final JsonNode report;
    private final Chart chart;
    private final Map<String, String> daemons;
    private final double pxPerSecond;
    private final Map<String, String> bladeColour = new LinkedHashMap<>();

    private HtmlReport(JsonNode report, Chart chart, Map<String, String> daemons) {
        this.report = report;
        this.chart = chart;
        this.daemons = daemons;
        double seconds = Math.max(1, chart.end() / 1e9);
        this.pxPerSecond = Math.max(900, Math.min(12000, seconds * 40)) / seconds;
        int i = 0;
        for (String b : daemons.keySet()) {
            bladeColour.put(b, BLADE_COLOURS[i++ % BLADE_COLOURS.length]);
        }
    }

    /** The page for the run whose {@code report.json} is {@code report} and whose chart is {@code chart}. */
    public static String render(JsonNode report, Chart chart, Map<String, String> daemons) {
        return new HtmlReport(report, chart, daemons).page();
    }

    private String page() {
        String name = report.path("scenario").asText();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
                .append("<title>").append(esc(name)).append(" — vrrp-rehearse</title>\n<style>").append(CSS).append(css())
                .append("</style></head><body>\n");
        summary(name);
        legend();
        timeline();
        out.append("<div id=\"readout\" hidden></div>\n<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return out.toString();
    }

    private String css() {
        StringBuilder b = new StringBuilder();
        b.append(".seg{fill:#bdbdbd}\n");
        PALETTE.forEach((v, c) -> b.append(".v-").append(cls(v)).append("{fill:").append(c[0]).append("}\n"));
        bladeColour.forEach((blade, c) -> b.append(".v-").append(cls(blade)).append("{fill:").append(c).append("}\n"));
        return b.toString();
    }

    private void summary(String name) {
        boolean passed = report.path("passed").asBoolean();
        List<String> failed = new ArrayList<>();
        report.path("expectations").forEach(e -> {
            if (!e.path("passed").asBoolean()) {
                failed.add(e.path("name").asText());
            }
        });
        JsonNode totals = report.path("totals");
        out.append("<header><h1>").append(esc(name)).append("</h1>\n<p id=\"verdict\" class=\"")
                .append(passed ? "passed\">PASSED: every expectation held" : "failed\">FAILED: " + esc(String.join(", ", failed)))
                .append("</p>\n<p class=\"facts\">started ").append(esc(report.path("started").asText())).append(" · ran ")
                .append(TimeText.seconds(nanos(totals.path("duration-ms")))).append(" · blades ");
        List<String> bl = new ArrayList<>();
        daemons.forEach((b, d) -> bl.add(esc(b) + " (" + esc(d) + ")"));
        out.append(String.join(", ", bl)).append(" · longest outage ").append(TimeText.ms(nanos(totals.path("outage-ms"))))
                .append(" · false-MASTER ").append(TimeText.ms(nanos(totals.path("false-master-ms"))))
                .append(" · dual-master ").append(TimeText.ms(nanos(totals.path("dual-master-ms"))))
                .append(" · no-master ").append(TimeText.ms(nanos(totals.path("no-master-ms"))));
        if (!totals.path("converged-at-end").asBoolean(true)) {
            out.append(" · not converged at the end: ").append(esc(totals.path("not-converged-because").asText()));
        }
        out.append("</p></header>\n");

        out.append("<h2>Expectations</h2>\n<table id=\"expectations\"><thead><tr><th>expectation</th><th>limit</th>"
                + "<th>measured</th><th>verdict</th></tr></thead><tbody>\n");
        for (JsonNode e : report.path("expectations")) {
            boolean ok = e.path("passed").asBoolean();
            out.append("<tr class=\"").append(ok ? "pass" : "fail").append("\"><td>").append(esc(e.path("name").asText()))
                    .append("</td><td>").append(value(e.path("limit"))).append("</td><td>").append(value(e.path("measured")))
                    .append("</td><td>").append(ok ? "pass" : "FAIL").append(e.has("detail") ? ": " + esc(e.path("detail").asText()) : "")
                    .append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");

        out.append("<h2>Steps</h2>\n<table id=\"steps\"><thead><tr><th>step</th><th>action</th><th>started</th><th>time</th>"
                + "<th>settled</th><th>outage</th><th>lost</th><th>dual-master</th><th>false-MASTER</th><th>no-master</th>"
                + "<th>transitions</th><th>notes</th></tr></thead><tbody>\n");
        for (JsonNode s : report.path("steps")) {
            List<String> tr = new ArrayList<>();
            s.path("transitions").fields().forEachRemaining(t -> tr.add(esc(t.getKey()) + " " + t.getValue().asInt()));
            List<String> notes = new ArrayList<>();
            s.path("notes").forEach(n -> notes.add(esc(n.asText())));
            out.append("<tr data-index=\"").append(s.path("index").asInt()).append("\"><td>").append(s.path("index").asInt())
                    .append("</td><td>").append(esc(s.path("step").asText())).append("</td><td>")
                    .append(TimeText.seconds(nanos(s.path("started-at")))).append("</td><td>")
                    .append(TimeText.seconds(nanos(s.path("duration-ms")))).append("</td><td>")
                    .append(s.path("settled-ms").isNull() ? "no" : TimeText.seconds(nanos(s.path("settled-ms"))))
                    .append("</td>").append(measure(s.path("outage-ms"))).append("<td>").append(s.path("lost").asInt())
                    .append("</td>").append(measure(s.path("dual-master-ms"))).append(measure(s.path("false-master-ms")))
                    .append(measure(s.path("no-master-ms"))).append("<td>").append(String.join(", ", tr)).append("</td><td>")
                    .append(String.join("<br>", notes)).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
        JsonNode sm = report.path("sampling");
        out.append("<p class=\"facts\">sampling: ").append(sm.path("samples").asInt()).append(" samples, interval median ")
                .append(TimeText.ms(nanos(sm.path("achieved-interval-median-ms")))).append(", p99 ")
                .append(TimeText.ms(nanos(sm.path("achieved-interval-p99-ms")))).append("; one sample took median ")
                .append(TimeText.ms(nanos(sm.path("sample-cost-median-ms")))).append(". A read stands for its blade until its next one.</p>\n");
    }

    /** A measure's cell, marked when it is not zero. */
    private static String measure(JsonNode ms) {
        long n = nanos(ms);
        return "<td" + (n >= 500_000 ? " class=\"nonzero\"" : "") + ">" + TimeText.ms(n) + "</td>";
    }

    private static String value(JsonNode v) {
        if (v.isBoolean()) {
            return Boolean.toString(v.asBoolean());
        }
        if (v.isIntegralNumber()) {
            return v.asText();   // a count (transitions, probes); times are written as decimals
        }
        return v.isNull() ? "never" : TimeText.ms(nanos(v));
    }

    private void legend() {
        out.append("<h2>Timeline</h2>\n<ul id=\"legend\">");
        PALETTE.forEach((v, c) -> {
            if (c[1] != null) {
                out.append("<li><span class=\"swatch\" style=\"background:").append(c[0]).append("\"></span>")
                        .append(esc(c[1])).append("</li>");
            }
        });
        bladeColour.forEach((blade, c) -> out.append("<li><span class=\"swatch\" style=\"background:").append(c)
                .append("\"></span>").append(esc(blade)).append(": holds the address, or the client sends through it</li>"));
        out.append("<li><span class=\"swatch false-master-swatch\"></span>false-MASTER: a blade reports MASTER without its "
                + "default route, or while the client cannot get out through it</li>");
        out.append("<li><span class=\"swatch dual-master-swatch\"></span>dual-master: two blades hold the address</li>");
        out.append("<li><span class=\"swatch no-master-swatch\"></span>no-master: nobody holds the address</li>");
        out.append("</ul>\n<p class=\"facts\">Hover anything for its exact times.</p>\n");
    }

    private void timeline() {
        int plot = (int) Math.ceil(chart.end() / 1e9 * pxPerSecond);
        int top = STEP_LABEL_ROWS * STEP_LABEL + AXIS;
        int height = top;
        for (Chart.Lane lane : chart.lanes()) {
            height += LANE_TITLE + lane.rows().size() * (ROW + ROW_GAP) + LANE_GAP;
        }
        int width = LEFT + plot + RIGHT;
        out.append("<div class=\"scroll\"><svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" data-left=\"").append(LEFT).append("\" data-px-per-second=\"")
                .append(String.format(Locale.ROOT, "%.4f", pxPerSecond)).append("\" data-end-ms=\"").append(ms(chart.end()))
                .append("\">\n<defs>")
                .append("<pattern id=\"hatch-false\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
                        + "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#d32f2f\" fill-opacity=\"0.18\"/>"
                        + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#d32f2f\" stroke-width=\"3\"/></pattern>")
                .append("<pattern id=\"hatch-dual\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
                        + "patternTransform=\"rotate(-45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#c2185b\" "
                        + "stroke-width=\"3\"/></pattern>")
                .append("<pattern id=\"hatch-none\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
                        + "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#616161\" "
                        + "stroke-width=\"2\"/></pattern></defs>\n");
        axis(top, height, plot);
        int y = top;
        for (Chart.Lane lane : chart.lanes()) {
            y = lane(lane, y, plot);
        }
        steps(top, height);
        out.append("<line id=\"cursor\" x1=\"0\" x2=\"0\" y1=\"").append(top - AXIS).append("\" y2=\"").append(height)
                .append("\" visibility=\"hidden\"/>\n</svg></div>\n");
    }

    private void axis(int top, int height, int plot) {
        double seconds = chart.end() / 1e9;
        int[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600};
        int every = steps[steps.length - 1];
        for (int s : steps) {
            if (s * pxPerSecond >= 60) {
                every = s;
                break;
            }
        }
        out.append("<g class=\"axis\">");
        for (int s = 0; s <= seconds; s += every) {
            double x = x(s * 1_000_000_000L);
            out.append("<line class=\"tick\" x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"")
                    .append(top - 6).append("\" y2=\"").append(height).append("\"/><text x=\"").append(f(x))
                    .append("\" y=\"").append(top - 9).append("\" text-anchor=\"middle\">").append(s).append(" s</text>");
        }
        out.append("<line class=\"base\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plot).append("\" y1=\"")
                .append(top - 4).append("\" y2=\"").append(top - 4).append("\"/></g>\n");
    }

    private void steps(int top, int height) {
        out.append("<g class=\"steps\">\n");
        int i = 0;
        for (StepSpan s : chart.steps()) {
            double x = x(s.start());
            int labelY = (i++ % STEP_LABEL_ROWS + 1) * STEP_LABEL - 3;
            String tip = "step " + s.index() + ": " + s.text() + "\nstarted " + TimeText.seconds(s.start()) + ", acted "
                    + TimeText.seconds(s.acted()) + (s.hasSettled() ? ", settled " + TimeText.seconds(s.settled()) : ", did not settle")
                    + ", ended " + TimeText.seconds(s.end());
            out.append("<g class=\"step-marker\" data-index=\"").append(s.index()).append("\" data-from-ms=\"").append(ms(s.start()))
                    .append("\" data-to-ms=\"").append(ms(s.end())).append("\"><title>").append(esc(tip)).append("</title>")
                    .append("<line x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(labelY + 3)
                    .append("\" y2=\"").append(height).append("\"/>")
                    .append("<rect class=\"acting\" x=\"").append(f(x)).append("\" y=\"").append(top - 4).append("\" width=\"")
                    .append(f(Math.max(1, x(s.acted()) - x))).append("\" height=\"4\"/>")
                    .append("<text x=\"").append(f(x + 3)).append("\" y=\"").append(labelY).append("\">")
                    .append(esc(s.index() + " " + s.text())).append("</text></g>\n");
        }
        out.append("</g>\n");
    }

    private int lane(Chart.Lane lane, int y, int plot) {
        int rowsTop = y + LANE_TITLE;
        int rowsBottom = rowsTop + lane.rows().size() * (ROW + ROW_GAP);
        String title = lane.kind().equals("blade") ? lane.title() + " (" + daemons.getOrDefault(lane.name(), "?") + ")" : lane.title();
        out.append("<g class=\"lane\" data-kind=\"").append(lane.kind()).append("\" data-name=\"").append(esc(lane.name()))
                .append("\"><rect class=\"lane-bg\" x=\"0\" y=\"").append(y).append("\" width=\"").append(LEFT + plot + RIGHT)
                .append("\" height=\"").append(rowsBottom - y + LANE_GAP / 2).append("\"/><text class=\"lane-title\" x=\"6\" y=\"")
                .append(y + 14).append("\">").append(esc(title)).append("</text>\n");
        int ry = rowsTop;
        for (Chart.Row row : lane.rows()) {
            row(lane, row, ry);
            ry += ROW + ROW_GAP;
        }
        for (Span s : lane.falseMaster()) {
            String tip = "false-MASTER on " + lane.name() + ": " + TimeText.seconds(s.from()) + " – " + TimeText.seconds(s.to())
                    + " (" + TimeText.ms(s.length()) + ")";
            out.append("<rect class=\"false-master\" data-blade=\"").append(esc(lane.name())).append("\" data-from-ms=\"")
                    .append(ms(s.from())).append("\" data-to-ms=\"").append(ms(s.to())).append("\" x=\"").append(f(x(s.from())))
                    .append("\" y=\"").append(y + 2).append("\" width=\"").append(f(w(s.from(), s.to()))).append("\" height=\"")
                    .append(rowsBottom - y - 2).append("\"><title>").append(esc(tip)).append("</title></rect>\n");
        }
        out.append("</g>\n");
        return rowsBottom + LANE_GAP;
    }

    private void row(Chart.Lane lane, Chart.Row row, int y) {
        out.append("<g class=\"row\" data-row=\"").append(row.kind()).append("\" data-label=\"").append(esc(row.label()))
                .append("\"><text class=\"row-label\" x=\"").append(LEFT - 6).append("\" y=\"").append(y + ROW - 2)
                .append("\" text-anchor=\"end\">").append(esc(row.label())).append("</text>");
        int h = row.kind().equals("protocol") ? ROW / 2 : ROW;
        int top = row.kind().equals("protocol") ? y + ROW / 4 : y;
        for (Chart.Segment s : row.segments()) {
            String tip = lane.title() + " · " + row.label() + ": " + s.value() + "\n" + TimeText.seconds(s.from()) + " – "
                    + TimeText.seconds(s.to()) + " (" + TimeText.ms(s.to() - s.from()) + ")";
            out.append("<rect class=\"seg v-").append(cls(s.value())).append("\" data-value=\"").append(esc(s.value()))
                    .append("\" data-from-ms=\"").append(ms(s.from())).append("\" data-to-ms=\"").append(ms(s.to()))
                    .append("\" x=\"").append(f(x(s.from()))).append("\" y=\"").append(top).append("\" width=\"")
                    .append(f(w(s.from(), s.to()))).append("\" height=\"").append(h).append("\"><title>").append(esc(tip))
                    .append("</title></rect>");
        }
        mark(row.dualMaster(), "dual-master", row, y);
        mark(row.noMaster(), "no-master", row, y);
        out.append("</g>\n");
    }

    private void mark(List<Span> spans, String what, Chart.Row row, int y) {
        for (Span s : spans) {
            String tip = what + " on " + row.label() + ": " + TimeText.seconds(s.from()) + " – " + TimeText.seconds(s.to()) + " ("
                    + TimeText.ms(s.length()) + ")";
            out.append("<rect class=\"").append(what).append("\" data-vip=\"").append(esc(row.label())).append("\" data-from-ms=\"")
                    .append(ms(s.from())).append("\" data-to-ms=\"").append(ms(s.to())).append("\" x=\"").append(f(x(s.from())))
                    .append("\" y=\"").append(y - 1).append("\" width=\"").append(f(w(s.from(), s.to()))).append("\" height=\"")
                    .append(ROW + 2).append("\"><title>").append(esc(tip)).append("</title></rect>");
        }
    }

    private double x(long nanos) {
        return LEFT + nanos / 1e9 * pxPerSecond;
    }

    /** A span's width, at least a pixel and a half so the shortest one is seen. */
    private double w(long from, long to) {
        return Math.max(1.5, (to - from) / 1e9 * pxPerSecond);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private static long nanos(JsonNode ms) {
        return Math.round(ms.asDouble() * 1e6);
    }

    /** A value as a CSS class name: lower case, anything but letters and digits a dash; several holders one class. */
    private static String cls(String value) {
        if (value.contains(Chart.SEVERAL)) {
            return "several";
        }
        return value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body{font:14px/1.4 "DejaVu Sans",system-ui,sans-serif;margin:16px 20px;color:#212121;background:#fafafa}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:18px 0 6px}
            #verdict{display:inline-block;font-weight:bold;padding:4px 10px;border-radius:4px;color:#fff;margin:4px 0}
            #verdict.passed{background:#2e7d32}#verdict.failed{background:#c62828}
            .facts{color:#555;margin:4px 0}
            table{border-collapse:collapse;background:#fff;font-size:13px}
            th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#eee}tr.fail td{background:#ffebee}tr.fail td:last-child{color:#b71c1c;font-weight:bold}
            td.nonzero{color:#b71c1c}
            #legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;margin:4px 0}
            .swatch{display:inline-block;width:14px;height:10px;margin-right:4px;border:1px solid #999;vertical-align:middle}
            .false-master-swatch{background:repeating-linear-gradient(45deg,#d32f2f 0 2px,#fbe9e7 2px 5px)}
            .dual-master-swatch{background:repeating-linear-gradient(-45deg,#c2185b 0 2px,#fff 2px 5px)}
            .no-master-swatch{background:repeating-linear-gradient(45deg,#616161 0 1px,#fff 1px 5px)}
            .scroll{overflow-x:auto;background:#fff;border:1px solid #ddd}
            svg text{font-size:11px;fill:#333}
            .lane-bg{fill:#fff}.lane:nth-of-type(even) .lane-bg{fill:#f5f7fa}
            .lane-title{font-weight:bold;font-size:12px}
            .tick{stroke:#eee}.base{stroke:#999}
            .step-marker line{stroke:#455a64;stroke-dasharray:3 3}.step-marker text{font-size:11px;fill:#263238}
            .step-marker .acting{fill:#455a64}
            .seg{stroke:none}.seg:hover{stroke:#000;stroke-width:1}
            .false-master{fill:url(#hatch-false);stroke:#d32f2f;stroke-width:1.5}
            .dual-master{fill:url(#hatch-dual);stroke:#c2185b;stroke-width:1}
            .no-master{fill:url(#hatch-none);stroke:#616161;stroke-width:0.5}
            #cursor{stroke:#000;stroke-width:1;pointer-events:none}
            #readout{position:fixed;background:#263238;color:#fff;font-size:12px;padding:4px 8px;border-radius:3px;
              pointer-events:none;white-space:pre;z-index:2}
            """;

    private static final String SCRIPT = """
            (function () {
              var svg = document.getElementById('timeline');
              var cursor = document.getElementById('cursor');
              var readout = document.getElementById('readout');
              var left = +svg.dataset.left, pps = +svg.dataset.pxPerSecond, end = +svg.dataset.endMs / 1000;
              function at(ev) {
                var p = svg.createSVGPoint();
                p.x = ev.clientX; p.y = ev.clientY;
                return p.matrixTransform(svg.getScreenCTM().inverse());
              }
              svg.addEventListener('mousemove', function (ev) {
                var p = at(ev), t = (p.x - left) / pps;
                if (t < 0 || t > end) { cursor.setAttribute('visibility', 'hidden'); readout.hidden = true; return; }
                cursor.setAttribute('x1', p.x); cursor.setAttribute('x2', p.x);
                cursor.setAttribute('visibility', 'visible');
                var el = ev.target.closest('[data-from-ms]');
                var title = el && el.querySelector('title');
                readout.textContent = 't = ' + t.toFixed(3) + ' s' + (title ? '\\n' + title.textContent : '');
                readout.style.left = (ev.clientX + 14) + 'px';
                readout.style.top = (ev.clientY + 14) + 'px';
                readout.hidden = false;
              });
              svg.addEventListener('mouseleave', function () {
                cursor.setAttribute('visibility', 'hidden'); readout.hidden = true;
              });
            })();
            """;
}
