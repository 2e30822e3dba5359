package io.vrrpd.tests;

import io.vrrpd.tests.lab.AdvertCapture;
import io.vrrpd.tests.lab.BladeLab;
import io.vrrpd.tests.lab.Family;
import io.vrrpd.tests.lab.KeepalivedPeer;
import io.vrrpd.tests.lab.RouterPeer;
import io.vrrpd.tests.lab.VrrpdPeer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import static io.vrrpd.tests.lab.BladeLab.LAN_IF;
import static org.awaitility.Awaitility.await;

/**
 * A measurement, not an assertion: the failover gap on the wire (old master's last advert to the
 * new master's first, captured on the client's port) for vrrpd and for keepalived 2.2.7 in the
 * same run, IPv4, priority 150 to 100, 100 ms adverts, after {@code kill -9} (keepalived: a true
 * crash, see {@link KeepalivedPeer#crash()}) and after SIGTERM, {@code lab.bench.runs} runs each
 * (default 5), interleaved so both daemons see the same machine load.
 *
 * <p>Not part of the default run: the class name does not match surefire's default includes, and
 * it runs only with {@code -Dlab.bench=true}:
 * <pre>
 * mvn -B -q -pl tests -am test -Dtest=FailoverComparison -Dsurefire.failIfNoSpecifiedTests=false -Dlab.bench=true
 * </pre>
 * (surefire passes {@code -Dlab.bench} through to the test JVM as a system property). The table
 * is printed and written to {@code tests/target/lab/failover-100ms.md}; copy a run into
 * {@code bench/results/failover-100ms.md}.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "lab.bench", matches = "true")
class FailoverComparison {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(20);

    private record Daemon(String name, BiFunction<BladeLab, Boolean, RouterPeer[]> start) {
    }

    @Test
    void failoverGap100ms() throws IOException {
        int runs = Integer.getInteger("lab.bench.runs", 5);
        List<Daemon> daemons = List.of(
                new Daemon("vrrpd", (bl, unused) -> new RouterPeer[] {
                        bl.vrrpd(bl.r1(), VrrpdPeer.Config.ipv4("gw4", 150)),
                        bl.vrrpd(bl.r2(), VrrpdPeer.Config.ipv4("gw4", 100))}),
                new Daemon("keepalived 2.2.7", (bl, unused) -> new RouterPeer[] {
                        bl.keepalived(bl.r1(), KeepalivedPeer.Config.ipv4("gw4", 150)),
                        bl.keepalived(bl.r2(), KeepalivedPeer.Config.ipv4("gw4", 100))}));
        Map<String, List<Double>> gaps = new LinkedHashMap<>();
        try (BladeLab bl = BladeLab.create()) {
            String src1 = bl.lanAddress(bl.r1(), Family.IPV4);
            String src2 = bl.lanAddress(bl.r2(), Family.IPV4);
            for (int run = 1; run <= runs; run++) {
                for (boolean crash : new boolean[] {true, false}) {
                    for (Daemon d : daemons) {
                        RouterPeer[] peers = d.start().apply(bl, crash);
                        try {
                            double gap = measure(bl, peers[0], peers[1], crash, src1, src2);
                            String key = d.name() + "|" + (crash ? "crash (kill -9)" : "graceful (SIGTERM)");
                            gaps.computeIfAbsent(key, k -> new ArrayList<>()).add(gap);
                            System.out.printf(Locale.ROOT, "run %d %-40s %.3f s%n", run, key, gap);
                        } finally {
                            for (RouterPeer p : peers) {
                                p.crash();
                                p.removeVips();
                            }
                        }
                    }
                }
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("| daemon | event | runs | min | median | max |\n|---|---|---|---|---|---|\n");
        gaps.forEach((k, v) -> {
            List<Double> s = v.stream().sorted().toList();
            String[] kk = k.split("\\|");
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %.3f |%n", kk[0], kk[1], s.size(),
                    s.get(0), s.get(s.size() / 2), s.get(s.size() - 1)));
        });
        String text = "Failover gap on the wire, seconds (IPv4, VRID 51, 100 ms adverts, priority 150 -> 100), "
                + Instant.now() + "\n\n" + b;
        System.out.println(text);
        Path out = Path.of("target", "lab", "failover-100ms.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
    }

    private static double measure(BladeLab bl, RouterPeer r1, RouterPeer r2, boolean crash, String src1, String src2) {
        await().atMost(BOUND).pollInterval(POLL).until(() -> r1.holdsVip() && !r2.holdsVip());
        try (AdvertCapture cap = bl.capture(bl.client(), LAN_IF)) {
            // r2 has been up (as backup) long enough to have a master-down timer running on r1's adverts.
            await().atMost(BOUND).pollInterval(POLL).until(() -> cap.packetCount() >= 5);
            if (crash) {
                r1.crash();
            } else {
                r1.gracefulStop();
            }
            await().atMost(BOUND).pollInterval(POLL).until(r2::holdsVip);
            int seen = cap.packetCount();
            await().atMost(BOUND).pollInterval(POLL).until(() -> cap.packetCount() >= seen + 2);
            return cap.failoverGap(src1, src2).toNanos() / 1e9;
        }
    }
}
