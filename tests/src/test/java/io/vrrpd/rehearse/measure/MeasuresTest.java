package io.vrrpd.rehearse.measure;

import io.vrrpd.lab.Family;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The measures on synthetic timelines whose answers are known: two blades a and b with instance
 * gw4 holding 192.0.2.1 (the client's IPv4 gateway), sampled every 10 ms, probed every 10 ms with a
 * 1 ms round trip. Times in the timelines are milliseconds, turned into nanoseconds.
 */
class MeasuresTest {
    private static final String VIP = "192.0.2.1";
    private static final String UPLINK_VIP = "198.51.100.254";
    private static final long MS = 1_000_000;
    private static final Topology TOPOLOGY = new Topology(List.of("a", "b"),
            List.of(new Topology.Vip(VIP, Family.IPV4, true, true), new Topology.Vip(UPLINK_VIP, Family.IPV4, false, false)),
            Map.of("a", Map.of("gw4", new Topology.Instance(Family.IPV4, true, List.of(VIP)),
                            "up4", new Topology.Instance(Family.IPV4, false, List.of(UPLINK_VIP))),
                    "b", Map.of("gw4", new Topology.Instance(Family.IPV4, true, List.of(VIP)),
                            "up4", new Topology.Instance(Family.IPV4, false, List.of(UPLINK_VIP)))));

    /**
     * What one blade is at a time (gw4 and up4 alike unless {@code upState} says otherwise, both
     * VIPs held or neither); builds BladeSamples.
     */
    private record Blade(boolean powered, String state, boolean vip, boolean route, String upState) {
        static final Blade MASTER = new Blade(true, "MASTER", true, true);
        static final Blade BACKUP = new Blade(true, "BACKUP", false, true);
        static final Blade SILENT = new Blade(true, null, false, true);
        static final Blade OFF = new Blade(false, null, false, false);

        Blade(boolean powered, String state, boolean vip, boolean route) {
            this(powered, state, vip, route, state);
        }

        BladeSample sample(long at) {
            Map<String, Reported> reported = new LinkedHashMap<>();
            if (state != null) {
                reported.put("gw4", new Reported(state, Family.IPV4));
            }
            if (upState != null) {
                reported.put("up4", new Reported(upState, Family.IPV4));
            }
            return new BladeSample(at, powered, powered && state != null, reported, vip ? Set.of(VIP) : Set.of(),
                    vip ? Set.of(UPLINK_VIP) : Set.of(), route ? Set.of(Family.IPV4) : Set.of());
        }
    }

    /** Samples every 10 ms in [from, to) with a and b as {@code a} and {@code b}. */
    private static void samples(List<Sample> out, long from, long to, Blade a, Blade b) {
        for (long ms = from; ms < to; ms += 10) {
            Map<String, BladeSample> m = new LinkedHashMap<>();
            m.put("a", a.sample(ms * MS));
            m.put("b", b.sample(ms * MS));
            out.add(new Sample(ms * MS, MS / 2, m));
        }
    }

    /**
     * ICMP4 probes sent every 10 ms in [from, to), at the upstream after half a millisecond and
     * answered after 1 ms unless {@code lost}; decided.
     */
    private static void probes(List<Probe> out, long from, long to, boolean lost) {
        for (long ms = from; ms < to; ms += 10) {
            out.add(lost ? new Probe(ProbeKind.ICMP4, out.size() + 1, ms * MS, Probe.LOST, Probe.LOST, true)
                    : Probe.answered(ProbeKind.ICMP4, out.size() + 1, ms * MS, ms * MS + MS / 2, (ms + 1) * MS));
        }
    }

    /** Probes that got out but whose replies were lost on the way back. */
    private static void unanswered(List<Probe> out, long from, long to) {
        for (long ms = from; ms < to; ms += 10) {
            out.add(new Probe(ProbeKind.ICMP4, out.size() + 1, ms * MS, ms * MS + MS / 2, Probe.LOST, true));
        }
    }

    private static StepSpan step(int index, long from, long to) {
        return new StepSpan(index, "step " + index, from * MS, from * MS, to * MS, -1);
    }

    private static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }

    @Test
    void twoBladesHoldingTheVipIsDualMasterForExactlyThatLong() {
        List<Sample> s = new ArrayList<>();
        samples(s, 0, 400, Blade.MASTER, Blade.BACKUP);
        samples(s, 400, 600, Blade.MASTER, Blade.MASTER);
        samples(s, 600, 1000, Blade.MASTER, Blade.BACKUP);
        List<Probe> p = new ArrayList<>();
        probes(p, 0, 1000, false);
        Measures.Run r = Measures.of(new Timeline(TOPOLOGY, List.of(step(1, 0, 1000)), s, p, 1000 * MS));
        assertEquals(200, ms(r.dualMaster()));
        assertEquals(200, ms(r.dualMasterByVip().get(VIP)));
        assertEquals(0, ms(r.noMaster()));
        assertEquals(0, ms(r.falseMaster()), "both had their route and the client got out");
        assertEquals(4, r.steps().get(0).transitions().get("b"), "b's gw4 and up4: BACKUP to MASTER at 400, back at 600");
        assertEquals(0, r.steps().get(0).transitions().get("a"));
    }

    @Test
    void aMasterWithoutItsDefaultRouteIsFalseMasterForAsLongAsTheRouteIsMissing() {
        List<Sample> s = new ArrayList<>();
        samples(s, 0, 300, Blade.MASTER, Blade.BACKUP);
        samples(s, 300, 700, new Blade(true, "MASTER", true, false), Blade.BACKUP);
        samples(s, 700, 1000, Blade.MASTER, Blade.BACKUP);
        List<Probe> p = new ArrayList<>();
        probes(p, 0, 1000, false);
        Measures.Run r = Measures.of(new Timeline(TOPOLOGY, List.of(step(1, 0, 500), step(2, 500, 1000)), s, p, 1000 * MS));
        // known from the read at 300 to the last read without the route, at 690: after it the route
        // may have come back at any moment before the read at 700
        assertEquals(390, ms(r.falseMaster()));
        assertEquals(390, ms(r.falseMasterByBlade().get("a")));
        assertEquals(0, ms(r.falseMasterByBlade().get("b")));
        assertEquals(200, ms(r.steps().get(0).falseMaster()), "300..500 in step 1");
        assertEquals(190, ms(r.steps().get(1).falseMaster()), "500..690 in step 2");
    }

    @Test
    void theReturnPathsInstanceNeedsNoDefaultRouteSoItsMasterWithoutOneIsNotFalseMaster() {
        List<Sample> s = new ArrayList<>();
        samples(s, 0, 300, Blade.MASTER, Blade.BACKUP);
        // a's sync group half way through a hand-over: gw4 gave up (and its route went), up4 not yet
        samples(s, 300, 400, new Blade(true, "BACKUP", false, false, "MASTER"), Blade.BACKUP);
        samples(s, 400, 1000, Blade.BACKUP, Blade.MASTER);
        List<Probe> p = new ArrayList<>();
        probes(p, 0, 1000, false);
        Measures.Run r = Measures.of(new Timeline(TOPOLOGY, List.of(step(1, 0, 1000)), s, p, 1000 * MS));
        assertEquals(0, r.falseMaster());
        assertEquals(100, ms(r.noMaster()), "nobody held the VIPs from 300 to 400");
        assertTrue(r.convergedAtEnd(), r.notConvergedBecause());
    }

    @Test
    void aMasterThroughWhichTheClientCannotGetOutIsFalseMasterWhileProbesAreKnownLost() {
        List<Sample> s = new ArrayList<>();
        samples(s, 0, 1000, Blade.MASTER, Blade.BACKUP);
        List<Probe> p = new ArrayList<>();
        probes(p, 0, 200, false);
        probes(p, 200, 500, true);     // sent 200, 210, ..., 490: lost
        probes(p, 500, 1000, false);
        Measures.Run r = Measures.of(new Timeline(TOPOLOGY, List.of(step(1, 0, 1000)), s, p, 1000 * MS));
        assertEquals(290, ms(r.falseMaster()), "egress known down from the first lost probe (200) to the last (490)");
        Measures.Step st = r.steps().get(0);
        assertEquals(310, ms(st.outage()), "replies at 191 and 501");
        assertEquals(310, ms(st.outageByKind().get(ProbeKind.ICMP4)));
        assertEquals(30, st.lost());
        assertTrue(r.convergedAtEnd(), r.notConvergedBecause());
    }

    @Test
    void repliesLostOnTheWayBackAreAnOutageButNotTheMastersFalseClaim() {
        List<Sample> s = new ArrayList<>();
        samples(s, 0, 1000, Blade.MASTER, Blade.BACKUP);
        List<Probe> p = new ArrayList<>();
        probes(p, 0, 200, false);
        unanswered(p, 200, 500);       // the return path is down: the probes get out, nothing comes back
        probes(p, 500, 1000, false);
        Measures.Run r = Measures.of(new Timeline(TOPOLOGY, List.of(step(1, 0, 1000)), s, p, 1000 * MS));
        assertEquals(0, r.falseMaster(), "a's egress works; the replies are lost beyond it");
        assertEquals(310, ms(r.steps().get(0).outage()));
        assertEquals(30, r.steps().get(0).lost());
    }

    @Test
    void eachBladeStandsAsItWasReadUntilItsOwnNextRead() {
        // a's reads happen 5 ms into each sample round: a crash read at 305 means a held the VIP until 305
        List<Sample> s = new ArrayList<>();
        for (long ms = 0; ms < 1000; ms += 10) {
            Blade a = ms < 300 ? Blade.MASTER : Blade.OFF;
            Blade b = ms < 300 ? Blade.MASTER : Blade.BACKUP;
            s.add(new Sample(ms * MS, 6 * MS, Map.of("a", a.sample((ms + 5) * MS), "b", b.sample(ms * MS))));
        }
        Measures.Run r = Measures.of(new Timeline(TOPOLOGY, List.of(step(1, 0, 1000)), s, List.of(), 1000 * MS));
        assertEquals(295, ms(r.dualMaster()), "a holds from its read at 5, b until its read at 300");
        assertEquals(695, ms(r.noMaster()), "a held until its read at 305");
    }

    @Test
    void whenTheClientSendsThroughTheOtherBladeTheMastersClaimIsNotWhatFails() {
        // a preempts: it holds the VIP (no route yet, ACTIVATING) and the client sends to it, while
        // b still says MASTER with its route and the VIP for 50 ms: the client is stuck, b is not to blame
        List<Sample> s = new ArrayList<>();
        for (long ms = 0; ms < 1000; ms += 10) {
            Blade a = ms < 300 ? Blade.BACKUP : ms < 400 ? new Blade(true, "ACTIVATING", true, false) : Blade.MASTER;
            Blade b = ms < 350 ? Blade.MASTER : Blade.BACKUP;
            Map<String, BladeSample> m = Map.of("a", a.sample(ms * MS), "b", b.sample(ms * MS));
            s.add(new Sample(ms * MS, MS, m, Map.of(Family.IPV4, ms < 300 ? "b" : "a"), ms * MS));
        }
        List<Probe> p = new ArrayList<>();
        probes(p, 0, 300, false);
        probes(p, 300, 400, true);
        probes(p, 400, 1000, false);
        Measures.Run r = Measures.of(new Timeline(TOPOLOGY, List.of(step(1, 0, 1000)), s, p, 1000 * MS));
        assertEquals(0, r.falseMaster(), "b said MASTER and was right: the client had moved on to a, which did not claim it");
        assertEquals(50, ms(r.dualMaster()), "both held the VIP from 300 to 350");
    }

    @Test
    void anOutageAcrossTwoStepsCountsInEachForItsOwnPart() {
        List<Sample> s = new ArrayList<>();
        samples(s, 0, 1000, Blade.MASTER, Blade.BACKUP);
        List<Probe> p = new ArrayList<>();
        probes(p, 0, 400, false);
        probes(p, 400, 700, true);
        probes(p, 700, 1000, false);
        Measures.Run r = Measures.of(new Timeline(TOPOLOGY, List.of(step(1, 0, 500), step(2, 500, 1000)), s, p, 1000 * MS));
        assertEquals(109, ms(r.steps().get(0).outage()), "reply 391 to the end of step 1 at 500");
        assertEquals(201, ms(r.steps().get(1).outage()), "500 to the reply at 701");
        assertEquals(201, ms(r.maxOutage()));
        assertEquals(10, r.steps().get(0).lost());
        assertEquals(20, r.steps().get(1).lost());
    }

    @Test
    void aStepWithNoSamplesIsMeasuredOnTheSampleBeforeIt() {
        List<Sample> s = new ArrayList<>();
        samples(s, 0, 1000, Blade.MASTER, Blade.MASTER);   // both hold the VIP throughout
        List<Probe> p = new ArrayList<>();
        probes(p, 0, 1000, false);
        Measures.Run r = Measures.of(new Timeline(TOPOLOGY, List.of(step(1, 0, 502), step(2, 502, 506), step(3, 506, 1000)),
                s, p, 1000 * MS));
        Measures.Step empty = r.steps().get(1);
        assertEquals(0, empty.samples());
        assertEquals(4, ms(empty.dualMaster()), "the sample at 500 stands for 500..510");
        assertEquals(0, empty.transitions().get("a"));
        assertEquals(0, empty.lost());
        assertEquals(1000, ms(r.dualMaster()));
        assertFalse(r.convergedAtEnd());
        assertEquals("192.0.2.1 held by a and b", r.notConvergedBecause());
    }

    @Test
    void aBladeThatNeverReportsIsNeverFalseMasterButAVipItHoldsIsNotConverged() {
        List<Sample> s = new ArrayList<>();
        samples(s, 0, 500, Blade.SILENT, Blade.BACKUP);
        samples(s, 500, 1000, new Blade(true, null, true, false), Blade.BACKUP);
        List<Probe> p = new ArrayList<>();
        probes(p, 0, 1000, false);
        Measures.Run r = Measures.of(new Timeline(TOPOLOGY, List.of(step(1, 0, 1000)), s, p, 1000 * MS));
        assertEquals(0, r.falseMaster());
        assertEquals(0, r.steps().get(0).transitions().get("a"));
        assertEquals(500, ms(r.noMaster()), "nobody held the VIP until 500");
        assertFalse(r.convergedAtEnd());
        assertEquals("a holds 192.0.2.1 but reports no instance of it", r.notConvergedBecause());
    }

    @Test
    void aBladeThatIsOffHoldsNothingWhateverItsKernelStillHas() {
        List<Sample> s = new ArrayList<>();
        samples(s, 0, 300, Blade.MASTER, Blade.BACKUP);
        samples(s, 300, 1000, new Blade(false, "MASTER", true, true), Blade.MASTER);
        List<Probe> p = new ArrayList<>();
        probes(p, 0, 1000, false);
        Measures.Run r = Measures.of(new Timeline(TOPOLOGY, List.of(step(1, 0, 1000)), s, p, 1000 * MS));
        assertEquals(0, r.dualMaster(), "a crashed with the VIP on its interface: it is off, so only b holds it");
        assertEquals(0, r.falseMaster());
        assertTrue(r.convergedAtEnd(), r.notConvergedBecause());
    }

    @Test
    void egressThatNeverComesBackIsAnOutageUntilTheLastDecidedProbeAndUndecidedProbesAreNotLost() {
        List<Sample> s = new ArrayList<>();
        samples(s, 0, 300, Blade.MASTER, Blade.BACKUP);
        samples(s, 300, 1000, new Blade(true, "MASTER", true, false), Blade.BACKUP);
        List<Probe> p = new ArrayList<>();
        probes(p, 0, 300, false);
        probes(p, 300, 900, true);
        for (long ms = 900; ms < 1000; ms += 10) {
            p.add(new Probe(ProbeKind.ICMP4, p.size() + 1, ms * MS, Probe.LOST, Probe.LOST, false));  // in flight at the end
        }
        Measures.Run r = Measures.of(new Timeline(TOPOLOGY, List.of(step(1, 0, 1000)), s, p, 1000 * MS));
        assertEquals(599, ms(r.steps().get(0).outage()), "last reply 291, last decided probe 890");
        assertEquals(60, r.steps().get(0).lost());
        assertEquals(700, ms(r.falseMaster()), "no route from 300 to the end");
        assertFalse(r.convergedAtEnd());
        assertEquals("a holds 192.0.2.1 without a ipv4 default route", r.notConvergedBecause());
    }

    @Test
    void beforeTheFirstReplyTheServiceWasNotUpSoThereIsNoOutageYet() {
        List<Sample> s = new ArrayList<>();
        samples(s, 0, 1000, Blade.MASTER, Blade.BACKUP);
        List<Probe> p = new ArrayList<>();
        probes(p, 0, 300, true);
        probes(p, 300, 1000, false);
        Measures.Run r = Measures.of(new Timeline(TOPOLOGY, List.of(step(1, 0, 1000)), s, p, 1000 * MS));
        assertEquals(10, ms(r.steps().get(0).outage()), "one probe interval between replies");
        assertEquals(0, r.steps().get(0).lost());
    }

    @Test
    void samplingIsReportedFromTheSamplesOwnTimestamps() {
        List<Sample> s = new ArrayList<>();
        long[] at = {0, 10, 21, 30, 80, 90};
        for (long ms : at) {
            s.add(new Sample(ms * MS, 2 * MS, Map.of("a", Blade.MASTER.sample(ms * MS), "b", Blade.BACKUP.sample(ms * MS))));
        }
        Measures.Run r = Measures.of(new Timeline(TOPOLOGY, List.of(step(1, 0, 100)), s, List.of(), 100 * MS));
        Measures.Sampling sm = r.sampling();
        assertEquals(6, sm.samples());
        assertEquals(10, ms(sm.medianInterval()));
        assertEquals(50, ms(sm.maxInterval()), "the gap 30..80 is what the resolution was at worst");
        assertEquals(2, ms(sm.medianCost()));
    }

    @Test
    void aRunWithoutSamplesMeasuresNothingAndHasNotConverged() {
        Measures.Run r = Measures.of(new Timeline(TOPOLOGY, List.of(step(1, 0, 100)), List.of(), List.of(), 100 * MS));
        assertEquals(0, r.falseMaster());
        assertEquals(0, r.steps().get(0).samples());
        assertFalse(r.convergedAtEnd());
        assertEquals("no sample was taken", r.notConvergedBecause());
    }
}
