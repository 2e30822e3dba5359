package io.vrrpd.rehearse.report;

import io.vrrpd.lab.Family;
import io.vrrpd.rehearse.measure.BladeSample;
import io.vrrpd.rehearse.measure.Measures;
import io.vrrpd.rehearse.measure.Probe;
import io.vrrpd.rehearse.measure.ProbeKind;
import io.vrrpd.rehearse.measure.Reported;
import io.vrrpd.rehearse.measure.Sample;
import io.vrrpd.rehearse.measure.Span;
import io.vrrpd.rehearse.measure.StepSpan;
import io.vrrpd.rehearse.measure.Timeline;
import io.vrrpd.rehearse.measure.Topology;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What {@code report.html} draws, computed from the timeline and the measures alone (a pure
 * function): on one time axis, a lane per blade (per instance its reported and protocol state,
 * the VIPs it holds, its default routes), a lane of the virtual addresses (who holds each), a
 * lane of the client (which blade it sends through, whether it gets out in each family), the
 * steps, and the spans the measures counted as false-MASTER, dual-master and no-master. A read
 * stands for its blade until the blade's next read, as in the measures; runs of equal values are
 * one segment. Times in nanoseconds since the run began.
 */
public record Chart(long end, List<StepSpan> steps, List<Lane> lanes) {

    /** A reported state of a blade that is not a daemon's word: its daemon does not run, or the blade is off. */
    public static final String STOPPED = "stopped";
    public static final String OFF = "off";
    /** The daemon runs but said nothing (starting, or busy past the sampler's bound). */
    public static final String SILENT = "no answer";
    public static final String HELD = "held";
    public static final String PRESENT = "present";
    public static final String MISSING = "missing";
    public static final String REACHABLE = "reachable";
    public static final String PARTIAL = "partial";
    public static final String NO_REPLY = "no reply";
    public static final String CUT_OFF = "cut off";
    /** Who holds a virtual address: nobody, one blade (its name), or several ({@code a + b}). */
    public static final String NOBODY = "nobody";
    public static final String SEVERAL = " + ";

    /** A lane: a blade's, the VIPs', or the client's; {@code falseMaster} only in a blade's. */
    public record Lane(String kind, String name, String title, List<Row> rows, List<Span> falseMaster) {
    }

    /**
     * A row of a lane: what it shows ({@code state}, {@code protocol}, {@code vip}, {@code route},
     * {@code holders}, {@code via}, {@code reach}), its label, its segments, and the spans marked
     * on it (a VIP's dual-master and no-master time).
     */
    public record Row(String kind, String label, List<Segment> segments, List<Span> dualMaster, List<Span> noMaster) {
        Row(String kind, String label, List<Segment> segments) {
            this(kind, label, segments, List.of(), List.of());
        }
    }

    /** A value held over [from, to). */
    public record Segment(long from, long to, String value) {
    }

    /** The chart of {@code t}, whose measures are {@code m}. */
    public static Chart of(Timeline t, Measures.Run m) {
        Topology top = t.topology();
        List<Lane> lanes = new ArrayList<>();
        for (String blade : top.blades()) {
            lanes.add(bladeLane(t, blade, m.where().falseMasterByBlade().getOrDefault(blade, List.of())));
        }
        lanes.add(vipLane(t, m.where()));
        lanes.add(clientLane(t));
        return new Chart(t.end(), t.steps(), lanes);
    }

    private static Lane bladeLane(Timeline t, String blade, List<Span> falseMaster) {
        Topology top = t.topology();
        List<Row> rows = new ArrayList<>();
        Map<String, Topology.Instance> instances = top.instances().getOrDefault(blade, Map.of());
        for (String instance : instances.keySet()) {
            rows.add(new Row("state", instance, runs(t, blade, b -> reported(b, instance, Reported::state))));
            rows.add(new Row("protocol", instance + " protocol", runs(t, blade, b -> reported(b, instance, Reported::protocol))));
        }
        for (Topology.Vip v : top.vips()) {
            boolean mine = instances.values().stream().anyMatch(i -> i.lan() == v.lan() && i.vips().contains(v.address()));
            if (mine) {
                rows.add(new Row("vip", v.name(), runs(t, blade, b -> b.holds(v) ? HELD : null)));
            }
        }
        for (Family f : Family.values()) {
            if (instances.values().stream().anyMatch(i -> i.lan() && i.family() == f)) {
                rows.add(new Row("route", f.key() + " default route",
                        runs(t, blade, b -> !b.powered() ? null : b.routes().contains(f) ? PRESENT : MISSING)));
            }
        }
        return new Lane("blade", blade, blade, rows, falseMaster);
    }

    private static String reported(BladeSample b, String instance, Function<Reported, String> what) {
        if (!b.powered()) {
            return OFF;
        }
        if (!b.running()) {
            return STOPPED;
        }
        Reported r = b.reported().get(instance);
        return r == null ? SILENT : what.apply(r);
    }

    /** The runs of {@code value} over the reads of {@code blade}; a null value is no segment. */
    private static List<Segment> runs(Timeline t, String blade, Function<BladeSample, String> value) {
        List<Long> at = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Sample s : t.samples()) {
            BladeSample b = s.blades().get(blade);
            if (b != null) {
                at.add(b.at());
                values.add(value.apply(b));
            }
        }
        return runs(at, values, t.end());
    }

    /** Segments of equal consecutive values, each from its time to the next one's (the last to {@code end}). */
    private static List<Segment> runs(List<Long> at, List<String> values, long end) {
        List<Segment> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= at.size(); i++) {
            if (i == at.size() || !Objects.equals(values.get(i), values.get(start))) {
                long to = i == at.size() ? Math.max(end, at.get(start)) : at.get(i);
                if (values.get(start) != null && to > at.get(start)) {
                    out.add(new Segment(at.get(start), to, values.get(start)));
                }
                start = i;
            }
        }
        return out;
    }

    private static Lane vipLane(Timeline t, Measures.Where where) {
        List<Row> rows = new ArrayList<>();
        for (Topology.Vip v : t.topology().vips()) {
            List<Long> at = new ArrayList<>();
            List<String> holders = new ArrayList<>();
            Map<String, BladeSample> now = new LinkedHashMap<>();
            for (Sample s : t.samples()) {
                now.putAll(s.blades());
                at.add(s.blades().values().stream().mapToLong(BladeSample::at).max().orElse(s.at()));
                List<String> h = now.entrySet().stream().filter(e -> e.getValue().holds(v)).map(Map.Entry::getKey).toList();
                holders.add(h.isEmpty() ? NOBODY : String.join(SEVERAL, h));
            }
            rows.add(new Row("holders", v.name() + (v.clientGateway() ? " (client's gateway)" : ""), runs(at, holders, t.end()),
                    where.dualMasterByVip().getOrDefault(v.name(), List.of()),
                    where.noMasterByVip().getOrDefault(v.name(), List.of())));
        }
        return new Lane("vips", "vips", "virtual addresses", rows, List.of());
    }

    private static Lane clientLane(Timeline t) {
        List<Row> rows = new ArrayList<>();
        for (Family f : t.topology().probedFamilies()) {
            List<Long> at = new ArrayList<>();
            List<String> via = new ArrayList<>();
            for (Sample s : t.samples()) {
                at.add(s.viaAt());
                via.add(s.via().get(f));
            }
            rows.add(new Row("via", f.key() + " sends via", runs(at, via, t.end())));
        }
        for (Family f : t.topology().probedFamilies()) {
            rows.add(new Row("reach", f.key() + " gets out", reach(t, f)));
        }
        return new Lane("client", "client", "client", rows, List.of());
    }

    /**
     * Per probe send time, the client's egress in {@code f} by the latest decided probe of each
     * kind: every kind answered is reachable, none answered is cut off (none got out) or no reply
     * (some got out, no reply came back), else partial.
     */
    private static List<Segment> reach(Timeline t, Family f) {
        Map<ProbeKind, Probe> last = new EnumMap<>(ProbeKind.class);
        List<Long> at = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Probe p : t.probes()) {
            if (p.kind().family() != f || !p.decided()) {
                continue;
            }
            last.put(p.kind(), p);
            long ok = last.values().stream().filter(Probe::ok).count();
            String v = ok == last.size() ? REACHABLE
                    : ok > 0 ? PARTIAL
                    : last.values().stream().allMatch(Probe::stuck) ? CUT_OFF : NO_REPLY;
            at.add(p.sent());
            values.add(v);
        }
        return runs(at, values, t.end());
    }
}
