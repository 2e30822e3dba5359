package io.vrrpd.rehearse.run;

import io.vrrpd.lab.ArrivalWatch;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.IcmpProbe;
import io.vrrpd.lab.ProbeOutcome;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.LabClock;
import io.vrrpd.lab.TcpProbe;
import io.vrrpd.lab.TcpTarget;
import io.vrrpd.rehearse.measure.Probe;
import io.vrrpd.rehearse.measure.ProbeKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The client's egress through the virtual gateway, in each family the client has a gateway of:
 * an ICMP echo and a TCP connect to the upstream target every probe interval (the target listens
 * for the TCP probes itself), each answered or lost after a second; and on the upstream router,
 * which of them arrived there ({@link ArrivalWatch}): the client got out.
 */
final class ClientEgress implements AutoCloseable {
    /** How long a probe may take to be answered before it is lost. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final Duration interval;
    private final Map<ProbeKind, IcmpProbe> pings = new EnumMap<>(ProbeKind.class);
    private final Map<ProbeKind, TcpProbe> connects = new EnumMap<>(ProbeKind.class);
    private final TcpTarget target;
    private final ArrivalWatch arrivals;

    ClientEgress(BladeLab lab, List<Family> families, Duration interval, int port) {
        this.interval = interval;
        List<String> targets = families.stream().map(f -> lab.plan().upstream().target(f)).toList();
        this.target = lab.register(TcpTarget.start(lab.upstream(), targets, port));
        this.arrivals = lab.register(ArrivalWatch.start(lab.upstream(), BladeLab.LAN_IF));
        for (Family f : families) {
            String t = lab.plan().upstream().target(f);
            pings.put(ProbeKind.of(false, f), lab.register(IcmpProbe.start(lab.client(), t, interval, TIMEOUT)));
            connects.put(ProbeKind.of(true, f), lab.register(TcpProbe.start(lab.client(), t, port, interval, TIMEOUT)));
        }
    }

    /** Per kind, whether a reply came within the last three probe intervals (at least 50 ms): egress works now. */
    Map<ProbeKind, Boolean> workingNow() {
        long now = LabClock.epochNanos();
        long window = Math.max(3 * interval.toNanos(), Duration.ofMillis(50).toNanos());
        Map<ProbeKind, Boolean> out = new EnumMap<>(ProbeKind.class);
        pings.forEach((k, p) -> out.put(k, p.lastReply() >= 0 && now - p.lastReply() <= window));
        connects.forEach((k, p) -> out.put(k, p.lastReply() >= 0 && now - p.lastReply() <= window));
        return out;
    }

    /** Stops probing. */
    void stop() {
        pings.values().forEach(IcmpProbe::close);
        connects.values().forEach(TcpProbe::close);
        target.close();
        arrivals.close();
    }

    /** Every probe, on the run's time line. */
    List<Probe> probes(RunClock clock) {
        List<Probe> out = new ArrayList<>();
        pings.forEach((k, p) -> p.outcomes().forEach(o -> out.add(probe(k, o, clock))));
        connects.forEach((k, p) -> p.outcomes().forEach(o -> out.add(probe(k, o, clock))));
        return out;
    }

    /** The probe on the run's time line; a reply proves it got out when the capture missed its arrival. */
    private Probe probe(ProbeKind k, ProbeOutcome o, RunClock clock) {
        long arrived = arrivals.arrival(k == ProbeKind.TCP4 || k == ProbeKind.TCP6, k.family(), o.key(), o.sent(),
                TIMEOUT.toNanos());
        if (arrived < 0 && o.replied() >= 0) {
            arrived = o.replied();
        }
        return new Probe(k, o.seq(), clock.of(o.sent()), arrived < 0 ? Probe.LOST : clock.of(arrived),
                o.replied() < 0 ? Probe.LOST : clock.of(o.replied()), o.decided());
    }

    @Override
    public void close() {
        stop();
    }
}
