package io.vrrpd.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Runs the LAN simulator over many seeds. See docs/simulator.md.
 *
 * <p>System properties: {@code sim.routerSeconds} (total to simulate, default 1,000,000),
 * {@code sim.firstSeed} (default 1), {@code sim.seed} (run only this seed, to reproduce a
 * failure), {@code sim.seedSeconds} (simulated seconds per seed instead of the seed's choice).
 */
class SimulatorTest {

    @Test
    void manySeedsKeepEveryInvariant() {
        long target = Long.getLong("sim.routerSeconds", 1_000_000L);
        Long only = Long.getLong("sim.seed");
        long first = only != null ? only : Long.getLong("sim.firstSeed", 1L);
        long seedSeconds = Long.getLong("sim.seedSeconds", 0L);
        LanSimulator.Options options =
                new LanSimulator.Options(seedSeconds * LanSimulator.SEC, false, false);

        long wallStart = System.nanoTime();
        double routerSeconds = 0;
        long seeds = 0;
        long events = 0;
        long adverts = 0;
        long v2Adverts = 0;
        long mismatches = 0;
        java.util.Map<LanSimulator.Lan, Long> lans = new java.util.EnumMap<>(LanSimulator.Lan.class);
        long transitions = 0;
        long checks = 0;
        long faults = 0;
        for (long seed = first; only != null ? seed == only : routerSeconds < target; seed++) {
            LanSimulator sim = new LanSimulator(seed, options);
            if (only != null) {
                System.out.println("simulator seed " + seed + ":\n" + sim.describe());
            }
            sim.run();
            seeds++;
            routerSeconds += sim.routerSeconds();
            events += sim.events;
            adverts += sim.adverts;
            v2Adverts += sim.v2Adverts;
            mismatches += sim.versionMismatches;
            lans.merge(sim.lan, 1L, Long::sum);
            transitions += sim.transitions;
            checks += sim.convergenceChecks;
            faults += sim.faults;
        }
        long wallMs = (System.nanoTime() - wallStart) / 1_000_000L;
        System.out.printf(java.util.Locale.ROOT,
                "simulator: %d seeds from %d, %.0f router-seconds, %d events, %d adverts (%d VRRPv2), %d transitions,"
                        + " %d faults, %d convergence checks, wall %d ms; LANs %s, %d adverts not heard (version)%n",
                seeds, first, routerSeconds, events, adverts, v2Adverts, transitions, faults, checks, wallMs, lans,
                mismatches);
        assertTrue(transitions > 0 && faults > 0, "the runs exercised nothing");
        if (only == null) {
            assertEquals(LanSimulator.Lan.values().length, lans.size(), "every kind of LAN ran: " + lans);
            assertTrue(v2Adverts > 0 && mismatches > 0, "VRRPv2 and mixed LANs exercised nothing");
        }
        assertTrue(checks > 0, "no quiet period was long enough to check convergence");
        if (only == null) {
            assertTrue(routerSeconds >= target, routerSeconds + " < " + target);
        }
    }

    @Test
    void aSeedReplaysExactly() {
        for (long seed = 1000; seed < 1005; seed++) {
            LanSimulator a = new LanSimulator(seed, LanSimulator.Options.defaults());
            LanSimulator b = new LanSimulator(seed, LanSimulator.Options.defaults());
            a.run();
            b.run();
            assertEquals(a.describe(), b.describe());
            assertEquals(a.fingerprint(), b.fingerprint());
        }
    }

    /**
     * The checker must be able to fail: with preempt off everywhere, a demoted Master keeps the
     * role, so forcing the "best router is Master" check must report a seed.
     */
    @Test
    void aBrokenScenarioIsReportedWithItsSeed() {
        LanSimulator.Options broken = new LanSimulator.Options(600 * LanSimulator.SEC, true, true);
        SimulationFailure failure = null;
        for (long seed = 1; seed <= 50 && failure == null; seed++) {
            try {
                new LanSimulator(seed, broken).run();
            } catch (SimulationFailure f) {
                failure = f;
            }
        }
        assertNotNull(failure, "forcing best-wins with preempt off never failed");
        String message = failure.getMessage();
        System.out.println("expected failure of the broken scenario (first lines):\n"
                + String.join("\n", message.lines().limit(12).toList()));
        assertTrue(message.contains("-Dsim.seed=" + failure.seed), message);
        assertTrue(message.contains("last events:") && message.contains("FAULT"), message);
        assertTrue(message.contains("master has priority"), message);
    }
}
