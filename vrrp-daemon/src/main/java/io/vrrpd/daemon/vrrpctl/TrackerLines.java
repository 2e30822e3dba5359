package io.vrrpd.daemon.vrrpctl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** The parts of the status table about tracking and the startup delay: silent when there is none. */
final class TrackerLines {
    private TrackerLines() {
    }

    /** {@code startup delay: instances stay in INIT for 12.3s more (until 10:00:30)}, or nothing. */
    static String startupDelay(JsonNode status) {
        JsonNode d = status.path("startup-delay");
        if (d.isMissingNode() || d.isNull()) {
            return "";
        }
        long ms = d.path("remaining-ms").asLong();
        String until = d.path("until").asText("");
        return String.format("startup delay: instances stay in INIT for %d.%ds more (until %s)%n%n", ms / 1000,
                (ms % 1000) / 100, until.length() >= 19 ? until.substring(11, 19) : until);
    }

    /** One row per tracker of every instance that has any. */
    static List<String[]> rows(JsonNode status) {
        List<String[]> rows = new ArrayList<>();
        for (JsonNode i : status.path("instances")) {
            for (JsonNode t : i.path("trackers")) {
                int weight = t.path("weight").asInt();
                String effect = t.path("fault").asBoolean() ? "FAULT"
                        : weight == 0 ? "-" : String.format("%+d", t.path("contribution").asInt());
                rows.add(new String[] {i.path("name").asText(), t.path("kind").asText() + " " + t.path("target").asText(),
                        weight == 0 ? "fault" : String.format("%+d", weight), t.path("state").asText(), effect,
                        StatusTable.clip(t.path("detail").asText(""))});
            }
        }
        if (!rows.isEmpty()) {
            rows.add(0, new String[] {"INSTANCE", "TRACKS", "WEIGHT", "STATE", "EFFECT", "DETAIL"});
        }
        return rows;
    }
}
