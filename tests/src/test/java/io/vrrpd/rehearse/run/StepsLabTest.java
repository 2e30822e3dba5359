package io.vrrpd.rehearse.run;

import io.vrrpd.rehearse.builtin.BuiltinScenarios;
import io.vrrpd.rehearse.lab.LabDerivation;
import io.vrrpd.rehearse.measure.Measures;
import io.vrrpd.rehearse.scenario.Scenario;
import io.vrrpd.rehearse.scenario.ScenarioReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of step in a real lab, run in-process: each does what it says (the measures show
 * it) and the lab settles after it; and the normal migration case, a mixed pair whose
 * keepalived blade is upgraded to vrrpd. The flush comes before the link flap, and no step may
 * show a false MASTER: after a flush r1 once went on reporting MASTER without the default routes
 * it lost, and a flush before a link flap left its LAN instances in FAULT.
 */
class StepsLabTest {

    private static Rehearsal.Result rehearse(Path dir, String scenario) throws Exception {
        Path file = dir.resolve("steps.yaml");
        Files.writeString(file, scenario);
        Scenario s = ScenarioReader.read(file);
        return Rehearsal.run(s, LabDerivation.derive(s), System.out);
    }

    private static Measures.Step step(Rehearsal.Result r, int index) {
        return r.measures().steps().get(index - 1);
    }

    @Test
    void everyStepDoesWhatItSaysAndTheLabSettlesAfterIt() throws Exception {
        Path dir = BuiltinScenarios.extract("demo").orElseThrow().getParent();
        Rehearsal.Result r = rehearse(dir, """
                blades:
                  r1: { daemon: vrrpd, config: blade-a.yaml }
                  r2: { daemon: vrrpd, config: blade-b.yaml }
                steps:
                  - converge: { within: 60s }
                  - drain: { blade: r1, within: 5s }
                  - undrain: { blade: r1, within: 5s }
                  - delete: { blade: r1, route: default, within: 5s }
                  - delete: { blade: r1, address: 192.0.2.1/24, within: 5s }
                  - flush: { blade: r1, within: 5s }
                  - link: { blade: r1, interface: eth0, state: down, within: 5s }
                  - link: { blade: r1, interface: eth0, state: up, within: 10s }
                  - partition: { blades: [r1, r2], for: 1s, within: 5s }
                  - loss: { percent: 20, for: 2s, within: 5s }
                  - stop: { blade: r2, within: 5s }
                  - start: { blade: r2, within: 10s }
                  - reload: { blade: r1, within: 5s }
                  - upgrade: { blade: r2, config: blade-b.yaml, within: 10s }
                  - crash: { blade: r1, within: 5s }
                  - boot: { blade: r1, rename: { eth0: enp3s0f0 }, within: 10s }
                expect:
                  converged-at-end: true
                  reported-at-end: { r1: { gw4: FAULT, gw6: FAULT }, r2: MASTER }
                """);
        // the rename is the rehearsal's finding: r1's config binds eth0 by name, so r1 comes up with its
        // LAN instances in FAULT (reported-at-end) and r2 keeps the addresses
        assertEquals(Map.of(), r.notes(), "every step did what it says");
        assertTrue(r.passed(), r.expectations().toString());
        for (Measures.Step m : r.measures().steps()) {
            // at most the few ms a daemon takes to notice a link, an address or a route that went
            // under it, within three probe intervals
            assertTrue(m.falseMaster() <= 30_000_000L, "no false MASTER in " + m);
        }
        assertTrue(step(r, 2).transitions().get("r2") >= 4, "drain: r2 takes over " + step(r, 2));
        assertTrue(step(r, 3).transitions().get("r1") >= 4, "undrain: r1 takes it back " + step(r, 3));
        assertTrue(step(r, 6).lost() > 0, "flush: the client is cut off " + step(r, 6));
        assertTrue(step(r, 7).transitions().get("r2") >= 4, "link down: r2 takes over " + step(r, 7));
        assertTrue(step(r, 9).dualMaster() > 500_000_000L, "partition: both masters for about its second " + step(r, 9));
        assertTrue(step(r, 10).lost() > 0, "loss: probes lost " + step(r, 10));
        assertTrue(step(r, 11).transitions().get("r1") == 0 && step(r, 11).outage() < 200_000_000L,
                "stopping the backup changes nothing " + step(r, 11));
        assertTrue(step(r, 15).outage() > 200_000_000L, "crash: a failover " + step(r, 15));
        assertEquals(0, step(r, 16).transitions().get("r2"), "r1 bound by name stays out after the rename; r2 keeps it");
    }

    @Test
    void aMixedPairMigratesItsKeepalivedBladeToVrrpdWithoutAFalseMaster() throws Exception {
        Path keepalived = BuiltinScenarios.extract("bytemark-keepalived").orElseThrow().getParent();
        Path vrrpd = BuiltinScenarios.extract("bytemark-vrrpd").orElseThrow().getParent();
        Files.copy(vrrpd.resolve("blade-a.yaml"), keepalived.resolve("blade-a.yaml"));
        Files.copy(vrrpd.resolve("blade-b.yaml"), keepalived.resolve("blade-b.yaml"));
        // b is migrated first (a keepalived master with a vrrpd backup), then a
        Rehearsal.Result r = rehearse(keepalived, """
                lab: { uplink: eth1 }
                blades:
                  a: { daemon: keepalived, config: blade-a.conf, default-routes: true }
                  b: { daemon: vrrpd, config: blade-b.yaml }
                steps:
                  - converge: { within: 30s }
                  - upgrade: { blade: a, daemon: vrrpd, config: blade-a.yaml, within: 10s }
                expect:
                  false-master: 0s
                  converged-at-end: true
                """);
        assertEquals(Map.of(), r.notes(), "a step failed");
        assertTrue(r.passed(), r.expectations().toString());
        assertTrue(step(r, 2).transitions().get("b") >= 2, "b took over while a was upgraded, and gave back " + step(r, 2));
    }
}
