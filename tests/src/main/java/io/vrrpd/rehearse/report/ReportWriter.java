package io.vrrpd.rehearse.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vrrpd.rehearse.measure.BladeSample;
import io.vrrpd.rehearse.measure.Expectation;
import io.vrrpd.rehearse.measure.Measures;
import io.vrrpd.rehearse.measure.Probe;
import io.vrrpd.rehearse.measure.Sample;
import io.vrrpd.rehearse.measure.StepSpan;
import io.vrrpd.rehearse.measure.Timeline;
import io.vrrpd.rehearse.measure.Topology;
import io.vrrpd.rehearse.run.Rehearsal;
import io.vrrpd.rehearse.scenario.BladeSpec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code --report DIR}: {@code report.json}, the verdict with every expectation and the measures
 * per step (the shape of docs/rehearsal.md, times in milliseconds), and {@code timeline.jsonl},
 * everything observed, one JSON object per line: a {@code header} (the scenario, the blades and
 * their instances, the VIPs), a {@code step} per step, a {@code sample} per sample (per blade:
 * power, daemon, reported states, VIPs held, default routes, each blade read at its own time) and
 * a {@code probe} per client probe (sent; arrived at the upstream router; replied). Times in the timeline are milliseconds since the run began, so a page can draw
 * lanes of state over one time axis with step markers from it alone; and {@code report.html}, the
 * page of both ({@link HtmlReport}).
 */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper LINES = new ObjectMapper();

    private ReportWriter() {
    }

    /** Writes the three files into {@code dir} (made when missing). */
    public static void write(Path dir, Rehearsal.Result r) throws IOException {
        Instant startedAt = Instant.ofEpochSecond(0, r.startEpochNanos());
        Files.createDirectories(dir);
        ObjectNode report = report(r, startedAt);
        Files.writeString(dir.resolve("report.json"), JSON.writeValueAsString(report) + "\n", StandardCharsets.UTF_8);
        Map<String, String> daemons = new java.util.LinkedHashMap<>();
        r.scenario().blades().values().forEach(b -> daemons.put(b.name(), b.daemon().key()));
        writeHtml(dir, report, Chart.of(r.timeline(), r.measures()), daemons);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("timeline.jsonl"), StandardCharsets.UTF_8)) {
            line(w, header(r, startedAt));
            for (StepSpan s : r.timeline().steps()) {
                ObjectNode n = LINES.createObjectNode().put("kind", "step").put("index", s.index()).put("step", s.text())
                        .put("t", ms(s.start())).put("acted", ms(s.acted())).put("end", ms(s.end()));
                if (s.hasSettled()) {
                    n.put("settled", ms(s.settled()));
                } else {
                    n.putNull("settled");
                }
                line(w, n);
            }
            for (Sample s : r.timeline().samples()) {
                line(w, sample(s));
            }
            for (Probe p : r.timeline().probes()) {
                ObjectNode n = LINES.createObjectNode().put("kind", "probe").put("probe", p.kind().key()).put("seq", p.seq())
                        .put("t", ms(p.sent()));
                if (p.arrived() != Probe.LOST) {
                    n.put("arrived", ms(p.arrived()));
                } else {
                    n.putNull("arrived");
                }
                if (p.ok()) {
                    n.put("replied", ms(p.replied()));
                } else {
                    n.putNull("replied");
                }
                n.put("decided", p.decided());
                line(w, n);
            }
        }
    }

    /**
     * Writes {@code report.html} into {@code dir} again from the {@code report.json} and
     * {@code timeline.jsonl} there ({@code vrrp-rehearse report DIR}): the same page the run wrote,
     * its chart computed from the recorded timeline by the same measures.
     */
    public static Path rewriteHtml(Path dir) throws IOException {
        JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
        TimelineReader.Recorded rec;
        try (var in = Files.newBufferedReader(dir.resolve("timeline.jsonl"), StandardCharsets.UTF_8)) {
            rec = TimelineReader.read(in);
        }
        return writeHtml(dir, report, Chart.of(rec.timeline(), Measures.of(rec.timeline())), rec.daemons());
    }

    private static Path writeHtml(Path dir, JsonNode report, Chart chart, Map<String, String> daemons) throws IOException {
        Path html = dir.resolve("report.html");
        Files.writeString(html, HtmlReport.render(report, chart, daemons), StandardCharsets.UTF_8);
        return html;
    }

    private static void line(BufferedWriter w, ObjectNode n) throws IOException {
        w.write(LINES.writeValueAsString(n));
        w.write('\n');
    }

    static ObjectNode report(Rehearsal.Result r, Instant startedAt) {
        Measures.Run m = r.measures();
        ObjectNode root = JSON.createObjectNode();
        root.put("scenario", r.scenario().name());
        root.put("passed", r.passed());
        root.put("started", startedAt.toString());
        ArrayNode ex = root.putArray("expectations");
        for (Expectation e : r.expectations()) {
            ObjectNode n = ex.addObject().put("name", e.name());
            if (e.count()) {
                n.put("limit", Math.round(e.limit())).put("measured", Math.round(e.measured()));
            } else if (e.duration()) {
                n.put("limit", e.limit());
                if (Double.isInfinite(e.measured())) {
                    n.putNull("measured");
                } else {
                    n.put("measured", e.measured());
                }
            } else {
                n.put("limit", e.limit() >= 1).put("measured", e.measured() >= 1);
            }
            n.put("passed", e.passed());
            if (!e.detail().isEmpty()) {
                n.put("detail", e.detail());
            }
        }
        ArrayNode steps = root.putArray("steps");
        for (Measures.Step s : m.steps()) {
            ObjectNode n = steps.addObject().put("index", s.index()).put("step", s.text()).put("started-at", ms(s.start()))
                    .put("duration-ms", ms(s.duration()));
            if (s.settled() >= 0) {
                n.put("settled-ms", ms(s.settled() - s.acted()));
            } else {
                n.putNull("settled-ms");
            }
            n.put("outage-ms", ms(s.outage()));
            ObjectNode byKind = n.putObject("outage-by-probe-ms");
            s.outageByKind().forEach((k, v) -> byKind.put(k.key(), ms(v)));
            n.put("lost", s.lost());
            n.put("dual-master-ms", ms(s.dualMaster()));
            n.put("false-master-ms", ms(s.falseMaster()));
            ObjectNode fm = n.putObject("false-master-by-blade-ms");
            s.falseMasterByBlade().forEach((b, v) -> fm.put(b, ms(v)));
            n.put("no-master-ms", ms(s.noMaster()));
            ObjectNode tr = n.putObject("transitions");
            s.transitions().forEach(tr::put);
            n.put("samples", s.samples());
            ArrayNode notes = n.putArray("notes");
            r.notes().getOrDefault(s.index(), List.of()).forEach(notes::add);
        }
        ObjectNode totals = root.putObject("totals");
        totals.put("duration-ms", ms(r.timeline().end()));
        totals.put("outage-ms", ms(m.maxOutage()));
        totals.put("false-master-ms", ms(m.falseMaster()));
        ObjectNode fmb = totals.putObject("false-master-by-blade-ms");
        m.falseMasterByBlade().forEach((b, v) -> fmb.put(b, ms(v)));
        totals.put("dual-master-ms", ms(m.dualMaster()));
        ObjectNode dmv = totals.putObject("dual-master-by-vip-ms");
        m.dualMasterByVip().forEach((v, x) -> dmv.put(v, ms(x)));
        totals.put("no-master-ms", ms(m.noMaster()));
        ObjectNode nmv = totals.putObject("no-master-by-vip-ms");
        m.noMasterByVip().forEach((v, x) -> nmv.put(v, ms(x)));
        totals.put("converged-at-end", m.convergedAtEnd());
        if (!m.convergedAtEnd()) {
            totals.put("not-converged-because", m.notConvergedBecause());
        }
        Measures.Sampling sm = m.sampling();
        root.putObject("sampling").put("interval-ms", ms(r.scenario().lab().probeInterval().toNanos()))
                .put("samples", sm.samples())
                .put("achieved-interval-median-ms", ms(sm.medianInterval())).put("achieved-interval-p99-ms", ms(sm.p99Interval()))
                .put("achieved-interval-max-ms", ms(sm.maxInterval()))
                .put("sample-cost-median-ms", ms(sm.medianCost())).put("sample-cost-p99-ms", ms(sm.p99Cost()))
                .put("sample-cost-max-ms", ms(sm.maxCost()))
                .put("sampler-cpu-percent", Math.round(r.samplerCpuPercent() * 10) / 10.0);
        return root;
    }

    private static ObjectNode header(Rehearsal.Result r, Instant startedAt) {
        ObjectNode h = LINES.createObjectNode().put("kind", "header").put("scenario", r.scenario().name())
                .put("started", startedAt.toString()).put("probe-interval-ms", ms(r.scenario().lab().probeInterval().toNanos()));
        Topology top = r.timeline().topology();
        ObjectNode blades = h.putObject("blades");
        for (BladeSpec b : r.scenario().blades().values()) {
            ObjectNode n = blades.putObject(b.name()).put("daemon", b.daemon().key()).put("config", b.config().toString());
            ObjectNode inst = n.putObject("instances");
            top.instances().getOrDefault(b.name(), Map.of()).forEach((name, i) -> {
                ObjectNode in = inst.putObject(name).put("family", i.family().key()).put("side", i.lan() ? "lan" : "uplink");
                ArrayNode vs = in.putArray("vips");
                i.vips().forEach(vs::add);
            });
        }
        ArrayNode vips = h.putArray("vips");
        for (Topology.Vip v : top.vips()) {
            vips.addObject().put("address", v.address()).put("family", v.family().key()).put("side", v.lan() ? "lan" : "uplink")
                    .put("client-gateway", v.clientGateway());
        }
        ArrayNode probes = h.putArray("probes");
        new TreeSet<>(r.timeline().probes().stream().map(Probe::kind).toList()).forEach(k -> probes.add(k.key()));
        h.put("end", ms(r.timeline().end()));
        return h;
    }

    private static ObjectNode sample(Sample s) {
        ObjectNode n = LINES.createObjectNode().put("kind", "sample").put("t", ms(s.at())).put("took", ms(s.took()));
        ObjectNode via = n.putObject("client-via");
        s.via().forEach((f, b) -> via.put(f.key(), b));
        n.put("client-via-t", ms(s.viaAt()));
        ObjectNode blades = n.putObject("blades");
        for (Map.Entry<String, BladeSample> e : s.blades().entrySet()) {
            BladeSample b = e.getValue();
            ObjectNode bn = blades.putObject(e.getKey()).put("t", ms(b.at())).put("power", b.powered() ? "on" : "off")
                    .put("daemon", b.running() ? "running" : "stopped");
            ObjectNode states = bn.putObject("states");
            b.reported().forEach((i, rep) -> states.put(i, rep.state()));
            ObjectNode protocol = bn.putObject("protocol-states");
            b.reported().forEach((i, rep) -> protocol.put(i, rep.protocol()));
            ArrayNode vips = bn.putArray("vips");
            new TreeSet<>(b.vips()).forEach(vips::add);
            ArrayNode up = bn.putArray("uplink-vips");
            new TreeSet<>(b.uplinkVips()).forEach(up::add);
            ArrayNode routes = bn.putArray("default-routes");
            b.routes().stream().sorted().forEach(f -> routes.add(f.key()));
        }
        return n;
    }

    /** Milliseconds with microseconds, from nanoseconds. */
    static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
