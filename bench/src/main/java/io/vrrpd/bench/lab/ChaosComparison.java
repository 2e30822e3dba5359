package io.vrrpd.bench.lab;

import io.vrrpd.rehearse.chaos.ChaosFault;
import io.vrrpd.rehearse.chaos.ChaosMatrix;
import io.vrrpd.rehearse.measure.TimeText;
import io.vrrpd.rehearse.scenario.Daemon;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/lab-bench chaos}: the chaos matrix, vrrpd pair against keepalived pair, every fault
 * rehearsed twice in a namespace lab of its own (docs/rehearsal.md; the faults are
 * {@link ChaosFault}); the mixed pair's row is the takeover by each daemon from the other. Prints
 * and writes (to {@code bench/target/lab/chaos.md}) the side-by-side table: outage, dual-master,
 * false-MASTER and no-master time after the pair converged, per daemon.
 *
 * <p>Properties: {@code -Dchaos.faults=kill-9,partition} (default: all), {@code -Dchaos.loss=60s}
 * (how long the LAN loses 20 %; the CI half, ChaosVrrpdLabTest, uses 10 s),
 * {@code -Dchaos.daemons=vrrpd,keepalived}.
 */
public final class ChaosComparison {
    private ChaosComparison() {
    }

    public static void main(String[] args) throws Exception {
        List<ChaosFault> faults = new ArrayList<>();
        String only = System.getProperty("chaos.faults", "");
        if (only.isBlank()) {
            faults.addAll(Arrays.asList(ChaosFault.values()));
        } else {
            for (String k : only.split(",")) {
                faults.add(ChaosFault.of(k.trim()));
            }
        }
        Duration loss = io.vrrpd.hooks.Durations.parse(System.getProperty("chaos.loss", "60s"))
                .orElseThrow(() -> new IllegalArgumentException("chaos.loss: not a duration (e.g. 60s)"));
        List<Daemon> daemons = new ArrayList<>();
        for (String d : System.getProperty("chaos.daemons", "vrrpd,keepalived").split(",")) {
            daemons.add(d.trim().equals("keepalived") ? Daemon.KEEPALIVED : Daemon.VRRPD);
        }
        Map<ChaosFault, Map<Daemon, ChaosMatrix.Run>> runs = new LinkedHashMap<>();
        for (ChaosFault f : faults) {
            for (Daemon d : daemons) {
                System.out.println("== " + f.key() + " on " + ChaosMatrix.Pair.of(f, d));
                ByteArrayOutputStream progress = new ByteArrayOutputStream();
                ChaosMatrix.Run r = ChaosMatrix.run(f, ChaosMatrix.Pair.of(f, d), loss,
                        new PrintStream(progress, true, StandardCharsets.UTF_8));
                String text = progress.toString(StandardCharsets.UTF_8);
                System.out.println(text.substring(Math.max(0, text.lastIndexOf("\nSTEP") + 1)));
                runs.computeIfAbsent(f, k -> new LinkedHashMap<>()).put(d, r);
            }
        }
        String table = table(runs, daemons, loss);
        System.out.println(table);
        Path out = Path.of(System.getProperty("lab.dir", "bench/target/lab")).resolve("chaos.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println("written to " + out);
    }

    static String table(Map<ChaosFault, Map<Daemon, ChaosMatrix.Run>> runs, List<Daemon> daemons, Duration loss) {
        StringBuilder b = new StringBuilder();
        b.append("| fault |");
        for (Daemon d : daemons) {
            b.append(" ").append(d.key()).append(": outage | dual-master | false-MASTER | no-master |");
        }
        b.append("\n|---|");
        b.append("---|---|---|---|".repeat(daemons.size())).append('\n');
        for (Map.Entry<ChaosFault, Map<Daemon, ChaosMatrix.Run>> e : runs.entrySet()) {
            String what = e.getKey() == ChaosFault.LAN_LOSS ? e.getKey().what() + " for " + io.vrrpd.hooks.Durations.format(loss)
                    : e.getKey().what();
            b.append("| `").append(e.getKey().key()).append("`: ").append(what).append(" |");
            for (Daemon d : daemons) {
                ChaosMatrix.Run r = e.getValue().get(d);
                if (r == null) {
                    b.append(" | | | |");
                    continue;
                }
                b.append(' ').append(TimeText.ms(r.outage())).append(" | ").append(TimeText.ms(r.dualMaster())).append(" | ")
                        .append(TimeText.ms(r.falseMaster())).append(" | ").append(TimeText.ms(r.noMaster()))
                        .append(r.result().measures().convergedAtEnd() ? "" : " (not converged at the end)").append(" |");
            }
            b.append('\n');
        }
        b.append("\nMeasured ").append(Instant.now()).append(" with `bin/lab-bench chaos");
        if (!loss.equals(Duration.ofSeconds(60))) {
            b.append(" -Dchaos.loss=").append(io.vrrpd.hooks.Durations.format(loss));
        }
        b.append("`.\n");
        return b.toString();
    }
}
