package io.vrrpd.rehearse.chaos;

import io.vrrpd.rehearse.lab.LabDerivation;
import io.vrrpd.rehearse.measure.Measures;
import io.vrrpd.rehearse.run.Rehearsal;
import io.vrrpd.rehearse.scenario.Daemon;
import io.vrrpd.rehearse.scenario.Scenario;
import io.vrrpd.rehearse.scenario.ScenarioReader;
import io.vrrpd.lab.LabFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The chaos matrix: each {@link ChaosFault} rehearsed on a pair of blades, a the preferred master
 * (priority 150) and b its backup, with the same configuration in both daemons' words: the
 * keepalived pair of {@code chaos/blade-a.conf} and {@code blade-b.conf}, and the vrrpd pair
 * that {@code vrrpctl import-keepalived} made of them (nothing edited). A run's numbers are the
 * steps after the converge: the longest outage in any of them, and the dual-master, false-MASTER
 * and no-master time summed.
 */
public final class ChaosMatrix {
    private static final String BASE = "/io/vrrpd/rehearse/chaos/";
    private static final List<String> FILES = List.of("blade-a.conf", "blade-b.conf", "blade-a.yaml", "blade-b.yaml",
            "bad-a.conf", "bad-a.yaml");

    /** Which daemon each blade runs. */
    public enum Pair {
        VRRPD(Daemon.VRRPD, Daemon.VRRPD),
        KEEPALIVED(Daemon.KEEPALIVED, Daemon.KEEPALIVED),
        /** a keepalived master with a vrrpd backup: vrrpd takes over. */
        KEEPALIVED_MASTER_VRRPD_BACKUP(Daemon.KEEPALIVED, Daemon.VRRPD),
        /** a vrrpd master with a keepalived backup: keepalived takes over. */
        VRRPD_MASTER_KEEPALIVED_BACKUP(Daemon.VRRPD, Daemon.KEEPALIVED);

        final Daemon a;
        final Daemon b;

        Pair(Daemon a, Daemon b) {
            this.a = a;
            this.b = b;
        }

        /** The pair that answers for {@code daemon} in {@code fault}'s row: the mixed row's is the one where it takes over. */
        public static Pair of(ChaosFault fault, Daemon daemon) {
            if (fault == ChaosFault.MIXED_PAIR) {
                return daemon == Daemon.VRRPD ? KEEPALIVED_MASTER_VRRPD_BACKUP : VRRPD_MASTER_KEEPALIVED_BACKUP;
            }
            return daemon == Daemon.VRRPD ? VRRPD : KEEPALIVED;
        }
    }

    /** One fault rehearsed on one pair, and what was measured after the converge. */
    public record Run(ChaosFault fault, Pair pair, Rehearsal.Result result) {
        private List<Measures.Step> afterConverge() {
            List<Measures.Step> steps = result.measures().steps();
            return steps.subList(Math.min(1, steps.size()), steps.size());
        }

        public long outage() {
            return afterConverge().stream().mapToLong(Measures.Step::outage).max().orElse(0);
        }

        public long dualMaster() {
            return afterConverge().stream().mapToLong(Measures.Step::dualMaster).sum();
        }

        public long falseMaster() {
            return afterConverge().stream().mapToLong(Measures.Step::falseMaster).sum();
        }

        public long noMaster() {
            return afterConverge().stream().mapToLong(Measures.Step::noMaster).sum();
        }

        /** Whether the pair converged (once) before the fault. */
        public boolean convergedFirst() {
            return !result.measures().steps().isEmpty() && result.measures().steps().get(0).settled() >= 0;
        }
    }

    private ChaosMatrix() {
    }

    /**
     * Writes the scenario of {@code fault} on {@code pair} into a fresh directory with the pair's
     * configs, and returns its file. A pair with a vrrpd blade is held to what vrrpd promises: no
     * false MASTER, converged at the end, and the fault's outage bound (a vrrpd pair only).
     */
    public static Path scenario(ChaosFault fault, Pair pair, Duration lossFor) {
        Path dir = LabFiles.newDir("chaos-" + fault.key() + "-");
        try {
            for (String f : FILES) {
                try (InputStream in = ChaosMatrix.class.getResourceAsStream(BASE + f)) {
                    Files.copy(in, dir.resolve(f));
                }
            }
            StringBuilder y = new StringBuilder();
            y.append("name: chaos-").append(fault.key()).append('-').append(pair.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '-')).append('\n');
            y.append("description: >\n  The chaos matrix: ").append(fault.what()).append(".\n");
            y.append("lab:\n  probe-interval: 10ms\n");
            y.append("blades:\n");
            y.append("  a: { daemon: ").append(pair.a.key()).append(", config: blade-a.").append(ext(pair.a)).append(" }\n");
            y.append("  b: { daemon: ").append(pair.b.key()).append(", config: blade-b.").append(ext(pair.b)).append(" }\n");
            y.append("steps:\n  - converge: { within: 60s }\n");
            y.append(fault.steps(ext(pair.a), lossFor).stripTrailing()).append('\n');
            y.append("expect:\n");
            if (pair == Pair.KEEPALIVED || pair == Pair.VRRPD_MASTER_KEEPALIVED_BACKUP) {
                y.append("  converged-at-end: true\n");          // measured only: keepalived is not held to vrrpd's promises
            } else {
                y.append("  false-master: ").append(fault.vrrpdFalseMaster().toMillis()).append("ms\n  converged-at-end: true\n");
                if (pair == Pair.VRRPD && fault.vrrpdOutage() != null) {
                    y.append("  outage: ").append(fault.vrrpdOutage().toMillis()).append("ms\n");
                }
            }
            Path file = dir.resolve("scenario.yaml");
            Files.writeString(file, y.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chaos scenario in " + dir, e);
        }
    }

    private static String ext(Daemon d) {
        return d == Daemon.VRRPD ? "yaml" : "conf";
    }

    /** Rehearses {@code fault} on {@code pair}, printing progress to {@code out}. */
    public static Run run(ChaosFault fault, Pair pair, Duration lossFor, PrintStream out) throws Exception {
        Path file = scenario(fault, pair, lossFor);
        Scenario s = ScenarioReader.read(file);
        return new Run(fault, pair, Rehearsal.run(s, LabDerivation.derive(s), out));
    }
}
