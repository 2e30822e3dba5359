package io.vrrpd.rehearse.scenario;

import io.vrrpd.daemon.config.ConfigProblem;
import io.vrrpd.lab.BladeLab;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scenario reader: a valid file in every step form, and bad files refused whole, every
 * problem listed with its file, line, path, what is wrong and what would be valid, the way
 * {@code vrrpd --check} lists a config's.
 */
class ScenarioReaderTest {
    @TempDir
    Path dir;

    @BeforeEach
    void configs() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "instances: {}\n");
        Files.writeString(dir.resolve("b.conf"), "vrrp_instance X {\n}\n");
        Files.writeString(dir.resolve("a2.yaml"), "instances: {}\n");
    }

    private Scenario read(String text) throws InvalidScenarioException {
        return ScenarioReader.parse(dir.resolve("s.yaml"), text);
    }

    private List<ConfigProblem> problems(String text) {
        return assertThrows(InvalidScenarioException.class, () -> read(text)).problems();
    }

    /** The problem at {@code path}; fails, listing them all, when there is none. */
    private static ConfigProblem at(List<ConfigProblem> problems, String path) {
        return problems.stream().filter(p -> p.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem at " + path + " in:\n" + String.join("\n",
                        problems.stream().map(ConfigProblem::toString).toList())));
    }

    @Test
    void aValidScenarioInEveryStepForm() throws Exception {
        Scenario s = read("""
                name: every-step
                description: One of each.
                lab: { probe-interval: 20ms, targets: [203.0.113.7], uplink: eth1, tcp-port: 8080, switch: querier }
                blades:
                  a: { daemon: vrrpd, config: a.yaml, command: [java, -jar, vrrpd.jar], arguments: [--metrics, "127.0.0.1:9405"] }
                  b: { daemon: keepalived, config: b.conf, default-routes: true }
                steps:
                  - converge: { within: 20s }
                  - show: a
                  - drain: a
                  - undrain: { blade: a, within: 5s }
                  - stop: b
                  - upgrade: { blade: b, daemon: vrrpd, config: a2.yaml }
                  - reload: { blade: a, config: a2.yaml }
                  - link: { blade: a, interface: eth0, state: down }
                  - link: { blade: a, interface: eth0, state: up, settle: 2s }
                  - partition: { blades: [a, b], for: 1s }
                  - loss: { percent: 20, for: 2s }
                  - delete: { blade: a, route: default }
                  - delete: { blade: a, address: 192.0.2.1/24 }
                  - flush: a
                  - crash: a
                  - boot: { blade: a, after: 1s, rename: { eth0: enp3s0f0 }, flush-routes: true, expect: { outage: 1s } }
                  - wait: 2s
                expect: { false-master: 0s, outage: 500ms, converged-at-end: true }
                """);
        assertEquals("every-step", s.name());
        assertEquals(Duration.ofMillis(20), s.lab().probeInterval());
        assertEquals(List.of("203.0.113.7"), s.lab().targets());
        assertEquals("eth1", s.lab().uplink());
        assertEquals(8080, s.lab().tcpPort());
        assertEquals(BladeLab.Switch.SNOOPING_WITH_QUERIER, s.lab().switchMode());
        assertEquals(List.of("java", "-jar", "vrrpd.jar"), s.blades().get("a").command());
        assertEquals(dir.resolve("b.conf"), s.blades().get("b").config());
        assertTrue(s.blades().get("b").defaultRoutes());
        assertEquals(17, s.steps().size());
        assertEquals(Duration.ofSeconds(20), s.steps().get(0).within());
        Action.Upgrade up = assertInstanceOf(Action.Upgrade.class, s.steps().get(5).action());
        assertEquals(Daemon.VRRPD, up.daemon());
        Action.Boot boot = assertInstanceOf(Action.Boot.class, s.steps().get(15).action());
        assertEquals(Map.of("eth0", "enp3s0f0"), boot.rename());
        assertTrue(boot.flushRoutes());
        assertEquals(Duration.ofSeconds(1), s.steps().get(15).expect().outage());
        assertEquals("boot: a after 1s, renamed eth0 -> enp3s0f0, routes flushed", s.steps().get(15).text());
        assertEquals(Duration.ofSeconds(2), s.steps().get(8).settle());
        assertEquals(Step.DEFAULT_SETTLE, s.steps().get(2).settle());
        assertEquals(Duration.ofMillis(500), s.expect().outage());
        assertTrue(s.steps().get(4).line() > 0);
    }

    @Test
    void withoutExpectItHoldsToNoFalseMasterAndConvergedAtTheEnd() throws Exception {
        Scenario s = read("""
                blades:
                  a: { daemon: vrrpd, config: a.yaml }
                  b: { daemon: vrrpd, config: a2.yaml }
                steps: [converge: {}]
                """);
        assertEquals("s", s.name(), "the file's name");
        assertEquals(Expectations.DEFAULT, s.expect());
        assertEquals(Step.DEFAULT_CONVERGE, s.steps().get(0).within());
    }

    @Test
    void everyProblemOfABadScenarioIsListedWithItsLineAndWhatWouldBeValid() {
        List<ConfigProblem> p = problems("""
                name: bad
                lab:
                  probe-interval: 1ms
                  targets: [10.1.1.1]
                  swich: flood
                blades:
                  a: { daemon: vrrpd, config: a.yaml }
                  b: { daemon: frr, config: missing.conf }
                  Client: { daemon: vrrpd }
                steps:
                  - converge: { within: 30 }
                  - crash: c
                  - boot: a
                  - drain: { blade: b }
                  - reboot: a
                  - loss: { percent: 200, for: 1s }
                  - partition: { blades: [a], for: 1s }
                  - delete: { blade: a, route: default, address: 192.0.2.1/24 }
                  - link: { blade: a, interface: eth0, state: sideways }
                  - { crash: a, stop: b }
                expect: { false-master: never, outcome: 1s }
                """);
        assertEquals("1ms is out of range", at(p, "lab.probe-interval").message());
        assertEquals("10ms to 1s", at(p, "lab.probe-interval").hint());
        assertTrue(at(p, "lab.targets[0]").message().contains("not in a documentation prefix"), p.toString());
        assertTrue(at(p, "lab.swich").message().contains("did you mean switch"), p.toString());
        assertTrue(at(p, "blades.b.daemon").hint().contains("keepalived, vrrpd"), p.toString());
        assertTrue(at(p, "blades.b.config").message().contains("missing.conf is not a readable file"), p.toString());
        assertTrue(at(p, "blades.Client").message().contains("cannot name a blade"), p.toString());
        assertEquals("missing required field", at(p, "blades.Client.config").message());
        assertTrue(at(p, "steps[0].converge.within").message().contains("is not a duration"), p.toString());
        assertEquals("no blade \"c\"", at(p, "steps[1].crash").message());
        assertTrue(at(p, "steps[2].boot").message().contains("cannot boot blade a here: it is running"), p.toString());
        assertTrue(at(p, "steps[4].reboot").message().contains("unknown field \"reboot\""), p.toString());
        assertTrue(at(p, "steps[5].loss.percent").message().contains("out of range"), p.toString());
        assertEquals("two or more blades", at(p, "steps[6].partition.blades").hint());
        assertEquals("both route and address", at(p, "steps[7].delete").message());
        assertTrue(at(p, "steps[8].link.state").hint().contains("down, up"), p.toString());
        assertTrue(at(p, "steps[9]").message().contains("2 actions"), p.toString());
        assertTrue(at(p, "expect.false-master").message().contains("is not a duration"), p.toString());
        assertTrue(at(p, "expect.outcome").message().contains("unknown field \"outcome\""), p.toString());
        for (ConfigProblem problem : p) {
            assertEquals(dir.resolve("s.yaml"), problem.file());
            assertTrue(problem.line() > 0, "no line: " + problem);
        }
        assertTrue(p.get(0).line() <= p.get(p.size() - 1).line(), "in file order");
    }

    @Test
    void stepsMustFitWhatTheStepsBeforeDidToTheBlade() {
        List<ConfigProblem> p = problems("""
                blades:
                  a: { daemon: vrrpd, config: a.yaml }
                  b: { daemon: keepalived, config: b.conf }
                steps:
                  - crash: a
                  - crash: a
                  - reload: a
                  - start: b
                  - drain: b
                  - upgrade: { blade: b, daemon: vrrpd }
                  - boot: a
                  - undrain: b
                """);
        assertTrue(at(p, "steps[1].crash").message().contains("it is off"), p.toString());
        assertTrue(at(p, "steps[2].reload").message().contains("not running"), p.toString());
        assertTrue(at(p, "steps[3].start").message().contains("runs already"), p.toString());
        assertTrue(at(p, "steps[4].drain").message().contains("keepalived has no drain"), p.toString());
        assertEquals("a change to vrrpd without a config", at(p, "steps[5].upgrade.daemon").message());
        assertEquals(5, p.size(), "the boot of the crashed a and the undrain of b, now vrrpd, are fine: " + p);
    }

    @Test
    void aFileThatIsNotYamlIsOneProblemAtItsLine() {
        List<ConfigProblem> p = problems("blades:\n  a: { daemon: vrrpd\nsteps: [\n");
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).message().startsWith("not valid YAML"), p.toString());
        assertTrue(p.get(0).line() > 0);
    }

    @Test
    void anEmptyFileAndOneBladeAreRefused() {
        assertEquals("the file is empty", problems("").get(0).message());
        List<ConfigProblem> p = problems("blades:\n  a: { daemon: vrrpd, config: a.yaml }\nsteps: [converge: {}]\n");
        assertEquals("two or more blades", at(p, "blades").hint());
    }
}
