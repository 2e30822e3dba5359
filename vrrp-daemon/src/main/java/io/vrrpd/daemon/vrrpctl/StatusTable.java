package io.vrrpd.daemon.vrrpctl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Renders the status answer as an aligned table; colour only when asked (a TTY). */
final class StatusTable {
    private static final String RESET = "\u001b[0m";

    private StatusTable() {
    }

    static String render(JsonNode status, boolean colour) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"INSTANCE", "FAMILY", "VRID", "INTERFACE", "STATE", "PROTOCOL", "PRIO", "EFF", "MASTER",
                "SINCE", "REASON", "EGRESS"});
        for (JsonNode i : status.path("instances")) {
            JsonNode t = i.path("last-transition");
            JsonNode e = i.path("egress");
            String egress = e.path("verified").asBoolean() ? "verified " + shortTime(e.path("at").asText(""))
                    : e.path("detail").asText("-");
            rows.add(new String[] {i.path("name").asText(), i.path("family").asText(), i.path("vrid").asText(),
                    i.path("interface").asText(), i.path("state").asText(), i.path("protocol-state").asText(),
                    i.path("priority").asText(), i.path("effective-priority").asText(),
                    i.path("master").isNull() ? "-" : i.path("master").asText("-"), shortTime(t.path("at").asText("")),
                    clip(t.path("reason").asText("-")), clip(egress)});
        }
        StringBuilder sb = new StringBuilder(TrackerLines.startupDelay(status));
        table(sb, rows, colour, 4);
        List<String[]> trackers = TrackerLines.rows(status);
        if (!trackers.isEmpty()) {
            sb.append('\n');
            table(sb, trackers, false, 3);
        }
        if (status.path("sync-groups").size() > 0) {
            List<String[]> groups = new ArrayList<>();
            groups.add(new String[] {"SYNC-GROUP", "STATE", "MEMBERS"});
            for (JsonNode g : status.path("sync-groups")) {
                List<String> members = new ArrayList<>();
                g.path("members").forEach(m -> members.add(m.asText()));
                groups.add(new String[] {g.path("name").asText(), g.path("state").asText(), String.join(",", members)});
            }
            sb.append('\n');
            table(sb, groups, colour, 1);
        }
        health(sb, status.path("health"));
        return sb.toString();
    }

    /** One line per sense that is failing or has failed: silent while all is well. */
    private static void health(StringBuilder sb, JsonNode health) {
        List<String> lines = new ArrayList<>();
        for (JsonNode i : health.path("interfaces")) {
            long failures = i.path("failures").asLong();
            if (!i.path("receiving").asBoolean(true) || failures > 0) {
                lines.add("receive on " + i.path("name").asText() + ": " + (i.path("receiving").asBoolean() ? "working" : "NOT receiving")
                        + ", " + failures + " failure(s), last " + shortTime(i.path("last-failure").path("at").asText(""))
                        + " " + clip(i.path("last-failure").path("error").asText("")));
            }
        }
        JsonNode k = health.path("kernel");
        if (!k.isMissingNode() && (!k.path("monitoring").asBoolean(true) || k.path("failures").asLong() > 0
                || k.path("overruns").asLong() > 0 || k.path("audit-repairs").asLong() > 0)) {
            lines.add("kernel monitor: " + (k.path("monitoring").asBoolean() ? "running" : "NOT running") + ", "
                    + k.path("overruns").asLong() + " overrun(s), " + k.path("failures").asLong() + " failure(s), "
                    + k.path("audit-repairs").asLong() + " VIP(s) put back by the audit");
        }
        if (!lines.isEmpty()) {
            sb.append("\nHEALTH\n");
            lines.forEach(l -> sb.append(l.stripTrailing()).append('\n'));
        }
    }

    private static void table(StringBuilder sb, List<String[]> rows, boolean colour, int stateColumn) {
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                widths[c] = Math.max(widths[c], r[c].length());
            }
        }
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                String cell = String.format("%-" + widths[c] + "s", r[c]);
                if (colour && n > 0 && c == stateColumn) {
                    cell = colourOf(r[c]) + cell + RESET;
                }
                line.append(cell);
                if (c < r.length - 1) {
                    line.append("  ");
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String colourOf(String state) {
        return switch (state) {
            case "MASTER" -> "\u001b[32m";
            case "BACKUP" -> "\u001b[36m";
            case "ACTIVATING", "INIT" -> "\u001b[33m";
            default -> "\u001b[31m";
        };
    }

    /** Long reasons and evidence are cut in the table; {@code --json} has them whole. */
    static String clip(String text) {
        return text.length() <= 56 ? text : text.substring(0, 55) + "…";
    }

    private static String shortTime(String iso) {
        if (iso.length() >= 19 && iso.charAt(10) == 'T') {
            return iso.substring(11, 19);
        }
        return iso.isEmpty() ? "-" : iso;
    }
}
