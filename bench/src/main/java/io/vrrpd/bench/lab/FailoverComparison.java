package io.vrrpd.bench.lab;

import io.vrrpd.lab.LabFiles;
import io.vrrpd.lab.AdvertCapture;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.ClientProbe;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.KeepalivedPeer;
import io.vrrpd.lab.RouterPeer;
import io.vrrpd.lab.VrrpdPeer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static io.vrrpd.lab.BladeLab.LAN_IF;
import static org.awaitility.Awaitility.await;

/**
 * A measurement, not an assertion: failover for vrrpd and for keepalived 2.2.7 in the same lab and
 * the same run, at each advert interval of {@code lab.bench.intervals} (milliseconds, default
 * {@code 1000,100,10}), IPv4, priority 150 to 100, after {@code kill -9} (keepalived: a true crash,
 * see {@link KeepalivedPeer#crash()}) right after the router's links are cut, as in a power
 * loss (a daemon killed alone leaves its VIP in the kernel, which goes on forwarding), and after
 * SIGTERM (priority 0, what {@code vrrpctl drain} also sends), {@code lab.bench.runs} runs each (default 5), interleaved so both daemons see the
 * same machine load. Two figures per failover:
 * <ul>
 *   <li>the gap on the wire: the old master's last advert to the new master's first, captured on
 *       the client's port;</li>
 *   <li>the client's outage: the longest gap between two replies of a 10 ms ping from the client
 *       through the VIP to the upstream target ({@link ClientProbe}).</li>
 * </ul>
 * The RFC floor of a crash is the backup's Master_Down_Interval (3 × interval + Skew_Time); of a
 * graceful stop, Skew_Time.
 *
 * <p>{@code -Dlab.bench.version=2} runs both daemons in VRRPv2 (RFC 3768) instead: vrrpd with
 * {@code version: 2}, keepalived with no {@code vrrp_version}, as a stock keepalived.conf runs IPv4,
 * with {@code lab.bench.password} as their PASS password when it is set; intervals in whole seconds
 * (default {@code 1000}); Skew_Time is then (256 − priority) / 256 s whatever the interval. The table
 * goes to {@code failover-v2.md}.
 *
 * <p>The lab uses {@link BladeLab.ReturnPath#UPSTREAM_VIP}: both daemons also run VRID 52 on the
 * upstream links, so the return path fails over with the router.
 *
 * <p>Not part of {@code mvn verify}; run it (as root, after {@code mvn -B -q package -DskipTests}) with
 * <pre>
 * bin/lab-bench failover [-Dlab.bench.runs=5] [-Dlab.bench.intervals=1000,100,10] [-Dlab.bench.version=2]
 * </pre>
 * The table is printed and written to {@code bench/target/lab/failover.md}; copy a run into
 * {@code bench/results/failover.md}.
 */
public final class FailoverComparison {
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(10);
    private static final String VRRPD = "vrrpd";
    private static final String KEEPALIVED = "keepalived 2.2.7";

    private record Daemon(String name, Function<Duration, RouterPeer[]> start) {
    }

    /** One failover's two figures, in seconds. */
    private record Sample(double wireGap, double clientOutage) {
    }

    /** Runs the benchmark (see the class comment for the properties it reads) and writes its table. */
    public static void main(String[] args) throws IOException {
        new FailoverComparison().failoverAtEachInterval();
    }

    void failoverAtEachInterval() throws IOException {
        int runs = Integer.getInteger("lab.bench.runs", 5);
        int version = Integer.getInteger("lab.bench.version", 3);
        String password = System.getProperty("lab.bench.password");
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("lab.bench.version=" + version + " (expected: 2 or 3)");
        }
        List<Duration> intervals = Arrays.stream(System.getProperty("lab.bench.intervals",
                        version == 2 ? "1000" : "1000,100,10").split(","))
                .map(String::trim).map(ms -> Duration.ofMillis(Long.parseLong(ms))).toList();
        if (version == 2 && intervals.stream().anyMatch(i -> i.toMillis() % 1000 != 0)) {
            throw new IllegalArgumentException("lab.bench.intervals " + intervals + " with VRRPv2 (expected: whole seconds)");
        }
        UnaryOperator<VrrpdPeer.Config> vrrpdVersion = c -> version == 2 ? c.asVrrpv2(password) : c;
        UnaryOperator<KeepalivedPeer.Config> keepalivedVersion = c -> version == 2 ? c.asVrrpv2(password) : c;
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        try (BladeLab bl = BladeLab.create(BladeLab.Switch.SNOOPING_NO_QUERIER, BladeLab.ReturnPath.UPSTREAM_VIP)) {
            List<Daemon> daemons = List.of(
                    new Daemon(VRRPD, interval -> new RouterPeer[] {
                            bl.vrrpd(bl.r1(), vrrpdVersion.apply(VrrpdPeer.Config.ipv4("gw4", 150)
                                            .withAdvertInterval(interval)),
                                    vrrpdVersion.apply(vrrpdUpstream(150, interval))),
                            bl.vrrpd(bl.r2(), vrrpdVersion.apply(VrrpdPeer.Config.ipv4("gw4", 100)
                                            .withAdvertInterval(interval)),
                                    vrrpdVersion.apply(vrrpdUpstream(100, interval)))}),
                    new Daemon(KEEPALIVED, interval -> new RouterPeer[] {
                            bl.keepalived(bl.r1(), keepalivedVersion.apply(KeepalivedPeer.Config.ipv4("gw4", 150)
                                            .withAdvertInterval(interval)),
                                    keepalivedVersion.apply(KeepalivedPeer.Config.upstreamIpv4("up4", 150)
                                            .withAdvertInterval(interval))),
                            bl.keepalived(bl.r2(), keepalivedVersion.apply(KeepalivedPeer.Config.ipv4("gw4", 100)
                                            .withAdvertInterval(interval)),
                                    keepalivedVersion.apply(KeepalivedPeer.Config.upstreamIpv4("up4", 100)
                                            .withAdvertInterval(interval)))}));
            // Both routers forward upstream, so the client's outage is VRRP's alone (no hooks here).
            bl.setDefaultRoute(bl.r1(), Family.IPV4);
            bl.setDefaultRoute(bl.r2(), Family.IPV4);
            String src1 = bl.lanAddress(bl.r1(), Family.IPV4);
            String src2 = bl.lanAddress(bl.r2(), Family.IPV4);
            for (Duration interval : intervals) {
                for (int run = 1; run <= runs; run++) {
                    for (boolean crash : new boolean[] {true, false}) {
                        for (Daemon d : daemons) {
                            RouterPeer[] peers = d.start().apply(interval);
                            try {
                                Sample s = measure(bl, peers[0], peers[1], crash, interval, src1, src2);
                                String key = key(d.name(), interval, crash);
                                samples.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
                                System.out.printf(Locale.ROOT, "run %d %-55s wire %.3f s, client %.3f s%n", run, key,
                                        s.wireGap(), s.clientOutage());
                            } finally {
                                for (RouterPeer p : peers) {
                                    p.crash();
                                    p.removeVips();
                                }
                                bl.reconnect(bl.r1());
                            }
                        }
                    }
                }
            }
        }
        String text = "Failover, seconds (IPv4, VRRPv" + version + (password == null ? "" : " with PASS")
                + ", VRID 51, priority 150 -> 100; median with min-max of " + runs + " runs), " + Instant.now()
                + "\n\n" + table(samples, intervals, version);
        System.out.println(text);
        Path out = LabFiles.baseDir().resolve(version == 2 ? "failover-v2.md" : "failover.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
    }

    /** The return path's instance on the routers' upstream links (VRID 52), as in the lab demo. */
    private static VrrpdPeer.Config vrrpdUpstream(int priority, Duration interval) {
        return new VrrpdPeer.Config("up4", Family.IPV4, BladeLab.UP_IF, null, 52, priority, interval,
                List.of(BladeLab.UPSTREAM_VIP4 + "/24"), null, null);
    }

    private static String key(String daemon, Duration interval, boolean crash) {
        return daemon + "|" + interval.toMillis() + " ms|" + (crash ? "crash (kill -9)" : "graceful (SIGTERM)");
    }

    private static String table(Map<String, List<Sample>> samples, List<Duration> intervals, int version) {
        StringBuilder b = new StringBuilder();
        b.append("| interval | event | RFC floor | vrrpd wire gap | keepalived wire gap | vrrpd client outage"
                + " | keepalived client outage | outage ratio vrrpd / keepalived |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        for (Duration interval : intervals) {
            for (boolean crash : new boolean[] {true, false}) {
                List<Sample> v = samples.getOrDefault(key(VRRPD, interval, crash), List.of());
                List<Sample> k = samples.getOrDefault(key(KEEPALIVED, interval, crash), List.of());
                if (v.isEmpty() || k.isEmpty()) {
                    continue;
                }
                // VRRPv3: (256 - priority) x interval / 256; VRRPv2: (256 - priority) / 256 s
                double skew = (256 - 100) * (version == 2 ? 1e9 : interval.toNanos()) / 256 / 1e9;
                double floor = crash ? 3 * interval.toNanos() / 1e9 + skew : skew;
                b.append(String.format(Locale.ROOT, "| %d ms | %s | %.3f | %s | %s | %s | %s | %.2f |%n",
                        interval.toMillis(), crash ? "crash (kill -9)" : "graceful (SIGTERM)", floor,
                        spread(v, Sample::wireGap), spread(k, Sample::wireGap),
                        spread(v, Sample::clientOutage), spread(k, Sample::clientOutage),
                        median(v, Sample::clientOutage) / median(k, Sample::clientOutage)));
            }
        }
        return b.toString();
    }

    private static String spread(List<Sample> samples, Function<Sample, Double> f) {
        List<Double> s = samples.stream().map(f).sorted().toList();
        return String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", s.get(s.size() / 2), s.get(0), s.get(s.size() - 1));
    }

    private static double median(List<Sample> samples, Function<Sample, Double> f) {
        List<Double> s = samples.stream().map(f).sorted().toList();
        return s.get(s.size() / 2);
    }

    private static Sample measure(BladeLab bl, RouterPeer r1, RouterPeer r2, boolean crash, Duration interval,
                                  String src1, String src2) {
        // Convergence takes a master-down interval or two at the slow intervals.
        Duration bound = Duration.ofSeconds(10).plus(interval.multipliedBy(10));
        await().atMost(bound).pollInterval(POLL).until(() -> r1.holdsVip() && !r2.holdsVip());
        try (AdvertCapture cap = bl.capture(bl.client(), LAN_IF);
             ClientProbe probe = bl.probe(Family.IPV4, PROBE_INTERVAL, bound.multipliedBy(3))) {
            // r2 has heard r1 long enough to have a master-down timer running on its adverts.
            await().atMost(bound).pollInterval(POLL).until(() -> cap.packetCount() >= 5 && probe.received() >= 10);
            if (crash) {
                // A power loss: links first, so both daemons' outages start at the same event (a
                // crash() of keepalived takes longer than one of vrrpd), then the daemon.
                bl.isolate(bl.r1());
                r1.crash();
            } else {
                r1.gracefulStop();
            }
            await().atMost(bound).pollInterval(POLL).until(r2::holdsVip);
            int seen = cap.packetCount();
            int replies = probe.received();
            await().atMost(bound).pollInterval(POLL).until(() -> cap.packetCount() >= seen + 2
                    && probe.received() >= replies + 20);
            ClientProbe.Result outage = probe.stop();
            return new Sample(cap.failoverGap(src1, src2).toNanos() / 1e9, outage.outage().toNanos() / 1e9);
        }
    }
}
