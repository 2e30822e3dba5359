package io.vrrpd.rehearse.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vrrpd.lab.Family;
import io.vrrpd.rehearse.measure.BladeSample;
import io.vrrpd.rehearse.measure.Probe;
import io.vrrpd.rehearse.measure.ProbeKind;
import io.vrrpd.rehearse.measure.Reported;
import io.vrrpd.rehearse.measure.Sample;
import io.vrrpd.rehearse.measure.StepSpan;
import io.vrrpd.rehearse.measure.Timeline;
import io.vrrpd.rehearse.measure.Topology;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code timeline.jsonl} that {@link ReportWriter} wrote back into the {@link Timeline}
 * it was written from (times to the microsecond), with the blades' daemons from its header: what
 * {@code vrrp-rehearse report DIR} renders a page from again.
 */
public final class TimelineReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A timeline as recorded: the timeline, and each blade's daemon ({@code vrrpd}, {@code keepalived}), in order. */
    public record Recorded(Timeline timeline, Map<String, String> daemons) {
    }

    private TimelineReader() {
    }

    /** Reads every line; throws {@link IOException} naming the line that is not a timeline's. */
    public static Recorded read(Reader in) throws IOException {
        BufferedReader r = new BufferedReader(in);
        Header header = null;
        List<StepSpan> steps = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        List<Probe> probes = new ArrayList<>();
        int lineNo = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            String kind = n.path("kind").asText();
            switch (kind) {
                case "header" -> header = header(n);
                case "step" -> steps.add(new StepSpan(n.path("index").asInt(), n.path("step").asText(), nanos(n.path("t")),
                        nanos(n.path("acted")), nanos(n.path("end")), n.path("settled").isNull() ? -1 : nanos(n.path("settled"))));
                case "sample" -> {
                    if (header == null) {
                        throw new IOException("line " + lineNo + ": a sample before the header");
                    }
                    samples.add(sample(n, header.topology()));
                }
                case "probe" -> probes.add(new Probe(ProbeKind.valueOf(n.path("probe").asText().toUpperCase(java.util.Locale.ROOT)),
                        n.path("seq").asLong(), nanos(n.path("t")), orLost(n.path("arrived")), orLost(n.path("replied")),
                        n.path("decided").asBoolean()));
                default -> throw new IOException("line " + lineNo + ": kind \"" + kind
                        + "\" is not a timeline line's (expected: header, step, sample or probe)");
            }
        }
        if (header == null) {
            throw new IOException("no header line (the first line of a timeline.jsonl)");
        }
        return new Recorded(new Timeline(header.topology(), steps, samples, probes, header.end()), header.daemons());
    }

    /** What the header says: the topology, each blade's daemon, when observing ended. */
    private record Header(Topology topology, Map<String, String> daemons, long end) {
    }

    private static Header header(JsonNode header) {
        Map<String, String> daemons = new LinkedHashMap<>();
        Map<String, Map<String, Topology.Instance>> instances = new LinkedHashMap<>();
        header.path("blades").fields().forEachRemaining(b -> {
            daemons.put(b.getKey(), b.getValue().path("daemon").asText());
            Map<String, Topology.Instance> mine = new LinkedHashMap<>();
            b.getValue().path("instances").fields().forEachRemaining(i -> {
                List<String> vips = new ArrayList<>();
                i.getValue().path("vips").forEach(v -> vips.add(v.asText()));
                mine.put(i.getKey(), new Topology.Instance(family(i.getValue().path("family")),
                        i.getValue().path("side").asText().equals("lan"), vips));
            });
            instances.put(b.getKey(), mine);
        });
        List<Topology.Vip> vips = new ArrayList<>();
        for (JsonNode v : header.path("vips")) {
            vips.add(new Topology.Vip(v.path("address").asText(), family(v.path("family")), v.path("side").asText().equals("lan"),
                    v.path("client-gateway").asBoolean()));
        }
        return new Header(new Topology(List.copyOf(daemons.keySet()), vips, instances), daemons, nanos(header.path("end")));
    }

    private static Sample sample(JsonNode n, Topology topology) {
        Map<String, BladeSample> blades = new LinkedHashMap<>();
        n.path("blades").fields().forEachRemaining(e -> {
            JsonNode b = e.getValue();
            Map<String, Reported> reported = new LinkedHashMap<>();
            b.path("states").fields().forEachRemaining(s -> {
                String state = s.getValue().asText();
                Topology.Instance i = topology.instances().getOrDefault(e.getKey(), Map.of()).get(s.getKey());
                reported.put(s.getKey(), new Reported(state, i == null ? Family.IPV4 : i.family(),
                        b.path("protocol-states").path(s.getKey()).asText(state)));
            });
            blades.put(e.getKey(), new BladeSample(nanos(b.path("t")), b.path("power").asText().equals("on"),
                    b.path("daemon").asText().equals("running"), reported, texts(b.path("vips")), texts(b.path("uplink-vips")),
                    families(b.path("default-routes"))));
        });
        Map<Family, String> via = new EnumMap<>(Family.class);
        n.path("client-via").fields().forEachRemaining(v -> via.put(family(JSON.getNodeFactory().textNode(v.getKey())),
                v.getValue().asText()));
        long at = nanos(n.path("t"));
        return new Sample(at, nanos(n.path("took")), blades, via, n.has("client-via-t") ? nanos(n.path("client-via-t")) : at);
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static Set<Family> families(JsonNode array) {
        Set<Family> out = new HashSet<>();
        array.forEach(v -> out.add(family(v)));
        return out;
    }

    private static Family family(JsonNode key) {
        return key.asText().equals("ipv6") ? Family.IPV6 : Family.IPV4;
    }

    private static long orLost(JsonNode ms) {
        return ms.isNull() || ms.isMissingNode() ? Probe.LOST : nanos(ms);
    }

    private static long nanos(JsonNode ms) {
        return Math.round(ms.asDouble() * 1e6);
    }
}
