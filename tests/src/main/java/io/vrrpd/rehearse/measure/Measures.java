package io.vrrpd.rehearse.measure;

import io.vrrpd.lab.Family;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The measures of a rehearsal, computed from its {@link Timeline} alone (a pure function, so they
 * can be checked against timelines with known answers). A blade's read stands for it from its
 * time to its next read (the last one to the end of the run), so a step shorter than a sample
 * interval is measured on the reads before it. Times in nanoseconds.
 * <ul>
 *   <li><b>dual-master</b>: time in which some VIP is held by two or more blades that are on;</li>
 *   <li><b>no-master</b>: time in which some VIP is held by none;</li>
 *   <li><b>false-MASTER</b>: time in which some blade reports MASTER for an instance facing the
 *   hosts (one with a VIP on the LAN; the return path's instances on the uplink need no default
 *   route) while it has no default route of that instance's family, or while the client sends
 *   through it (its neighbour entry for its gateway holds the blade's MAC; when that is not known,
 *   the blade holds the gateway) and the client cannot get out in that family: its probes do
 *   not reach the upstream router (a reply lost on the way back is the return path's, and an
 *   outage, but not the blade's false claim). The client cannot get out of a family while every
 *   kind of probe of it is stuck: a kind is stuck from the send time of the first probe of a run of
 *   at least {@value #STUCK_RUN} that did not arrive to the send time of the last one (when it is
 *   known not to get out; a probe or two lost at random, as on a lossy LAN, are not a blade's
 *   fault). A claim counts only where it is known: the
 *   blade's reads (and the client's) before and after a moment both show it, so a change the
 *   sampler saw late (a busy machine) is not counted for the time in between;</li>
 *   <li><b>outage</b>: per kind of probe, the longest time without a reply (between two replies,
 *   or from the last reply to the last decided probe when egress never came back), counted
 *   from the kind's first reply (before it the service was not up yet); a step's outage is the
 *   longest part of such a gap inside the step, over all kinds;</li>
 *   <li><b>lost</b>: decided probes sent in the step without a reply, after the kind's first reply;</li>
 *   <li><b>transitions</b>: changes of a reported state between two samples, per blade.</li>
 * </ul>
 */
public final class Measures {

    /** One step's measures. */
    public record Step(int index, String text, long start, long duration, long acted, long settled, long outage,
                       Map<ProbeKind, Long> outageByKind, int lost, long dualMaster, long falseMaster,
                       Map<String, Long> falseMasterByBlade, long noMaster, Map<String, Integer> transitions,
                       int samples) {
    }

    /** How well the lab was sampled: intervals between samples and the time one sample took. */
    public record Sampling(int samples, long medianInterval, long p99Interval, long maxInterval, long medianCost,
                           long p99Cost, long maxCost) {
    }

    /** The whole run's measures. */
    public record Run(List<Step> steps, long falseMaster, Map<String, Long> falseMasterByBlade, long dualMaster,
                      Map<String, Long> dualMasterByVip, long noMaster, Map<String, Long> noMasterByVip,
                      long maxOutage, boolean convergedAtEnd, String notConvergedBecause, Sampling sampling,
                      Where where, Map<String, Map<String, String>> reportedAtEnd) {
    }

    /**
     * Where in time the run's measures counted, so a page can mark exactly what was measured:
     * per blade its false-MASTER time, per VIP (by {@link Topology.Vip#name()}) its dual-master
     * and no-master time; each merged and in order.
     */
    public record Where(Map<String, List<Span>> falseMasterByBlade, Map<String, List<Span>> dualMasterByVip,
                        Map<String, List<Span>> noMasterByVip) {
    }

    private final Timeline t;
    /** The lab between two reads: from, to, and every blade as last read (blades not read yet are absent). */
    private final List<Between> between = new ArrayList<>();
    /** Consecutive probes of a kind that must fail to reach the upstream before the client counts as stuck. */
    static final int STUCK_RUN = 3;

    private final Map<Family, Intervals> egressDown = new EnumMap<>(Family.class);
    private final Map<ProbeKind, Intervals> stuck = new EnumMap<>(ProbeKind.class);
    private final Map<ProbeKind, List<long[]>> replyGaps = new EnumMap<>(ProbeKind.class);
    private final Map<ProbeKind, Long> firstReply = new EnumMap<>(ProbeKind.class);

    /**
     * The lab between two reads: every blade as last read, and as read next (the same read when
     * there is none), and the client's view likewise.
     */
    private record Between(long from, long to, Map<String, BladeSample> blades, Map<String, BladeSample> next,
                        Map<Family, String> via, Map<Family, String> nextVia) {
    }

    /** One read: of a blade ({@code blade} set) or of the client's view ({@code via} set). */
    private record Read(long at, String blade, BladeSample sample, Map<Family, String> via) {
    }

    private Measures(Timeline t) {
        this.t = t;
        List<Read> reads = new ArrayList<>();
        for (Sample s : t.samples()) {
            s.blades().forEach((name, b) -> reads.add(new Read(b.at(), name, b, null)));
            reads.add(new Read(s.viaAt(), null, null, s.via()));
        }
        reads.sort(java.util.Comparator.comparingLong(Read::at));
        // the next read of each blade and of the client's view after position i
        List<Map<String, BladeSample>> nextOf = new ArrayList<>();
        List<Map<Family, String>> nextViaOf = new ArrayList<>();
        Map<String, BladeSample> later = new LinkedHashMap<>();
        Map<Family, String> laterVia = null;
        for (int i = reads.size() - 1; i >= 0; i--) {
            nextOf.add(0, Map.copyOf(later));
            nextViaOf.add(0, laterVia);
            Read r = reads.get(i);
            if (r.blade() != null) {
                later.put(r.blade(), r.sample());
            } else {
                laterVia = r.via();
            }
        }
        Map<String, BladeSample> now = new LinkedHashMap<>();
        Map<Family, String> via = Map.of();
        for (int i = 0; i < reads.size(); i++) {
            Read r = reads.get(i);
            if (r.blade() != null) {
                now.put(r.blade(), r.sample());
            } else {
                via = r.via();
            }
            long from = r.at();
            long to = i + 1 < reads.size() ? reads.get(i + 1).at() : Math.max(t.end(), from);
            if (to > from && !now.isEmpty()) {
                Map<String, BladeSample> next = new LinkedHashMap<>(now);
                next.putAll(nextOf.get(i));
                between.add(new Between(from, to, Map.copyOf(now), Map.copyOf(next), via,
                        nextViaOf.get(i) != null ? nextViaOf.get(i) : via));
            }
        }
        for (ProbeKind k : ProbeKind.values()) {
            probes(k);
        }
        for (Family f : Family.values()) {
            Intervals down = null;
            for (ProbeKind k : ProbeKind.values()) {
                boolean probed = t.probes().stream().anyMatch(p -> p.kind() == k);
                if (k.family() == f && probed) {
                    down = down == null ? stuck.get(k) : down.intersect(stuck.get(k));
                }
            }
            egressDown.put(f, down == null ? new Intervals() : down);
        }
    }

    /** Computes the measures of {@code timeline}. */
    public static Run of(Timeline timeline) {
        return new Measures(timeline).run();
    }

    private void probes(ProbeKind kind) {
        List<Probe> mine = t.probes().stream().filter(p -> p.kind() == kind && p.decided()).toList();
        List<long[]> gaps = new ArrayList<>();
        replyGaps.put(kind, gaps);
        Intervals down = new Intervals();
        stuck.put(kind, down);
        List<Probe> run = new ArrayList<>();
        for (Probe p : mine) {
            if (p.stuck()) {
                run.add(p);
                continue;
            }
            stuckRun(down, run);
        }
        stuckRun(down, run);
        List<Long> replies = mine.stream().filter(Probe::ok).map(Probe::replied).sorted().toList();
        if (replies.isEmpty()) {
            if (!mine.isEmpty()) {
                gaps.add(new long[] {mine.get(0).sent(), mine.get(mine.size() - 1).sent()}); // never reached
            }
            return;
        }
        firstReply.put(kind, replies.get(0));
        for (int i = 1; i < replies.size(); i++) {
            gaps.add(new long[] {replies.get(i - 1), replies.get(i)});
        }
        long lastDecided = mine.get(mine.size() - 1).sent();
        long lastReply = replies.get(replies.size() - 1);
        if (mine.get(mine.size() - 1).lost() && lastDecided > lastReply) {
            gaps.add(new long[] {lastReply, lastDecided});
        }
    }

    private static void stuckRun(Intervals down, List<Probe> run) {
        if (run.size() >= STUCK_RUN) {
            down.add(run.get(0).sent(), run.get(run.size() - 1).sent());
        }
        run.clear();
    }

    private Run run() {
        Topology top = t.topology();
        Map<String, Intervals> falseMaster = new LinkedHashMap<>();
        Map<String, Intervals> dual = new LinkedHashMap<>();
        Map<String, Intervals> none = new LinkedHashMap<>();
        Intervals anyFalse = new Intervals();
        Intervals anyDual = new Intervals();
        Intervals anyNone = new Intervals();
        top.blades().forEach(b -> falseMaster.put(b, new Intervals()));
        top.vips().forEach(v -> {
            dual.put(v.name(), new Intervals());
            none.put(v.name(), new Intervals());
        });
        for (Between s : between) {
            long from = s.from();
            long to = s.to();
            for (Topology.Vip v : top.vips()) {
                long holders = s.blades().values().stream().filter(b -> b.holds(v)).count();
                if (holders >= 2) {
                    dual.get(v.name()).add(from, to);
                } else if (holders == 0) {
                    none.get(v.name()).add(from, to);
                }
            }
            for (Map.Entry<String, BladeSample> e : s.blades().entrySet()) {
                // a false claim counts only where it is known: the blade's read before and after agree
                Intervals now = falseMasterDuring(e.getKey(), e.getValue(), s.via(), from, to);
                Intervals then = falseMasterDuring(e.getKey(), s.next().get(e.getKey()), s.nextVia(), from, to);
                falseMaster.computeIfAbsent(e.getKey(), k -> new Intervals()).addAll(now.intersect(then));
            }
        }
        falseMaster.values().forEach(anyFalse::addAll);
        dual.values().forEach(anyDual::addAll);
        none.values().forEach(anyNone::addAll);

        List<Step> steps = new ArrayList<>();
        long maxOutage = 0;
        for (StepSpan span : t.steps()) {
            Step m = step(span, falseMaster, anyFalse, anyDual, anyNone);
            steps.add(m);
            maxOutage = Math.max(maxOutage, m.outage());
        }
        long start = t.steps().isEmpty() ? 0 : t.steps().get(0).start();
        Map<String, Long> fmByBlade = new LinkedHashMap<>();
        falseMaster.forEach((b, iv) -> fmByBlade.put(b, iv.within(start, t.end())));
        Map<String, Long> dualByVip = new LinkedHashMap<>();
        dual.forEach((v, iv) -> dualByVip.put(v, iv.within(start, t.end())));
        Map<String, Long> noneByVip = new LinkedHashMap<>();
        none.forEach((v, iv) -> noneByVip.put(v, iv.within(start, t.end())));
        Optional<String> notConverged = atEnd(anyFalse);
        Where where = new Where(spans(falseMaster, start), spans(dual, start), spans(none, start));
        return new Run(steps, anyFalse.within(start, t.end()), fmByBlade, anyDual.within(start, t.end()), dualByVip,
                anyNone.within(start, t.end()), noneByVip, maxOutage, notConverged.isEmpty(), notConverged.orElse(""),
                sampling(), where, reportedAtEnd());
    }

    /** Per blade, what each instance reports at the last sample (nothing for a blade that is off or silent). */
    private Map<String, Map<String, String>> reportedAtEnd() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (!t.samples().isEmpty()) {
            t.samples().get(t.samples().size() - 1).blades().forEach((b, s) -> {
                Map<String, String> states = new LinkedHashMap<>();
                if (s.powered()) {
                    s.reported().forEach((i, r) -> states.put(i, r.state()));
                }
                out.put(b, states);
            });
        }
        return out;
    }

    /** Each key's intervals within [start, end of the run), as spans. */
    private Map<String, List<Span>> spans(Map<String, Intervals> byKey, long start) {
        Map<String, List<Span>> out = new LinkedHashMap<>();
        byKey.forEach((k, iv) -> out.put(k, iv.clip(start, Math.max(start, t.end())).spans()));
        return out;
    }

    /** The part of [from, to) in which {@code b} falsely reports MASTER (see the class comment). */
    private Intervals falseMasterDuring(String blade, BladeSample b, Map<Family, String> via, long from, long to) {
        Intervals out = new Intervals();
        if (!b.powered()) {
            return out;
        }
        for (Map.Entry<String, Reported> e : b.reported().entrySet()) {
            Reported r = e.getValue();
            if (!r.master() || !t.topology().facesHosts(blade, e.getKey())) {
                continue;
            }
            if (!b.routes().contains(r.family())) {
                out.add(from, to);
                return out;
            }
            String gateway = t.topology().clientGateway(r.family());
            String through = via.get(r.family());
            boolean clientSendsHere = through != null ? through.equals(blade) : gateway != null && b.vips().contains(gateway);
            if (clientSendsHere) {
                out.addAll(egressDown.get(r.family()).clip(from, to));
            }
        }
        return out;
    }

    private Step step(StepSpan span, Map<String, Intervals> falseMaster, Intervals anyFalse, Intervals anyDual,
                      Intervals anyNone) {
        long from = span.start();
        long to = span.end();
        Map<ProbeKind, Long> outage = new EnumMap<>(ProbeKind.class);
        long worst = 0;
        for (ProbeKind k : ProbeKind.values()) {
            long o = 0;
            for (long[] g : replyGaps.get(k)) {
                o = Math.max(o, Math.min(to, g[1]) - Math.max(from, g[0]));
            }
            if (t.probes().stream().anyMatch(p -> p.kind() == k)) {
                outage.put(k, o);
                worst = Math.max(worst, o);
            }
        }
        int lost = (int) t.probes().stream().filter(p -> p.lost() && p.sent() >= from && p.sent() < to
                && p.sent() >= firstReply.getOrDefault(p.kind(), Long.MIN_VALUE)).count();
        Map<String, Long> fmByBlade = new LinkedHashMap<>();
        falseMaster.forEach((b, iv) -> fmByBlade.put(b, iv.within(from, to)));
        Map<String, Integer> transitions = new LinkedHashMap<>();
        t.topology().blades().forEach(b -> transitions.put(b, 0));
        int samples = (int) t.samples().stream().filter(s -> s.at() >= from && s.at() < to).count();
        for (int i = 1; i < t.samples().size(); i++) {
            Sample prev = t.samples().get(i - 1);
            for (Map.Entry<String, BladeSample> e : t.samples().get(i).blades().entrySet()) {
                BladeSample before = prev.blades().get(e.getKey());
                long at = e.getValue().at();
                if (before == null || at < from || at >= to) {
                    continue;
                }
                int changes = 0;
                for (Map.Entry<String, Reported> r : e.getValue().reported().entrySet()) {
                    Reported was = before.reported().get(r.getKey());
                    if (was != null && !was.state().equals(r.getValue().state())) {
                        changes++;
                    }
                }
                transitions.merge(e.getKey(), changes, Integer::sum);
            }
        }
        return new Step(span.index(), span.text(), from, to - from, span.acted(), span.settled(), worst, outage, lost,
                anyDual.within(from, to), anyFalse.within(from, to), fmByBlade, anyNone.within(from, to), transitions,
                samples);
    }

    /** Empty when the lab had converged at its last sample, with no false MASTER; else why not. */
    private Optional<String> atEnd(Intervals anyFalse) {
        if (t.samples().isEmpty()) {
            return Optional.of("no sample was taken");
        }
        Sample last = t.samples().get(t.samples().size() - 1);
        Map<ProbeKind, Boolean> lastOk = new EnumMap<>(ProbeKind.class);
        for (Probe p : t.probes()) {
            if (p.decided()) {
                lastOk.put(p.kind(), p.ok());
            }
        }
        Optional<String> why = Convergence.check(t.topology(), last, lastOk);
        if (why.isPresent()) {
            return why;
        }
        long lastRead = last.blades().values().stream().mapToLong(BladeSample::at).max().orElse(last.at());
        if (anyFalse.within(lastRead, Math.max(lastRead + 1, t.end())) > 0) {
            return Optional.of("a blade reports MASTER without egress at the end");
        }
        return Optional.empty();
    }

    private Sampling sampling() {
        List<Long> intervals = new ArrayList<>();
        List<Long> costs = new ArrayList<>();
        for (int i = 0; i < t.samples().size(); i++) {
            costs.add(t.samples().get(i).took());
            if (i > 0) {
                intervals.add(t.samples().get(i).at() - t.samples().get(i - 1).at());
            }
        }
        intervals.sort(null);
        costs.sort(null);
        return new Sampling(t.samples().size(), quantile(intervals, 0.5), quantile(intervals, 0.99), quantile(intervals, 1),
                quantile(costs, 0.5), quantile(costs, 0.99), quantile(costs, 1));
    }

    /** Nearest-rank quantile of sorted values; 0 when there are none. */
    static long quantile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
