package io.vrrpd.daemon.config;

import static io.vrrpd.daemon.config.Configs.paths;
import static io.vrrpd.daemon.config.Configs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code track} list, its {@code track-interfaces} shorthand, and {@code startup-delay}. */
class TrackersConfigTest {

    private static String gw4(String track) {
        return """
                instances:
                  gw4:
                    family: ipv4
                    interface: lan0
                    vrid: 51
                    virtual-addresses: [192.0.2.1/24]
                """ + track.indent(4);
    }

    @Test
    void everyKindOfTheDesignSampleIsRead() throws Exception {
        InstanceConfig i = Configs.load(gw4("""
                track-interfaces: [up0]
                track:
                  - { interface: eth1, weight: -60 }
                  - { file: /run/vrrpd/gw4.prio, weight: -100 }
                  - { process: haproxy, weight: -50 }
                  - { exec: { command: [/bin/true] }, interval: 2s, rise: 2, fall: 3, weight: -30 }
                  - { process: keepalived }
                """)).instances().get("gw4");
        assertEquals(6, i.trackers().size());
        assertEquals(new TrackerConfig.Interface("up0", 0), i.trackers().get(0), "track-interfaces come first, unweighted");
        assertEquals(new TrackerConfig.Interface("eth1", -60), i.trackers().get(1));
        assertEquals(new TrackerConfig.File(Path.of("/run/vrrpd/gw4.prio"), -100), i.trackers().get(2));
        assertEquals(new TrackerConfig.Process("haproxy", -50), i.trackers().get(3));
        TrackerConfig.Exec exec = (TrackerConfig.Exec) i.trackers().get(4);
        assertEquals(List.of("/bin/true"), exec.exec().command());
        assertEquals(Duration.ofSeconds(2), exec.interval());
        assertEquals(2, exec.rise());
        assertEquals(3, exec.fall());
        assertEquals(-30, exec.weight());
        assertEquals(Duration.ofSeconds(2), exec.exec().timeout(), "no timeout: the interval");
        assertTrue(i.trackers().get(5).faults(), "no weight: FAULT while failing");
        assertEquals(List.of("up0"), i.trackInterfaces(), "the unweighted interfaces, as before");
    }

    @Test
    void eachBadEntryIsReportedAtItsPath() {
        List<ConfigProblem> p = problems(gw4("""
                track:
                  - { interface: eth1, file: /x }
                  - { weight: -10 }
                  - { file: run/prio }
                  - { interface: nosuch0 }
                  - { process: haproxy, weight: -300 }
                  - { exec: { command: [check-lb] } }
                  - { exec: { command: [/bin/true], timeout: 5s }, interval: 1s }
                  - { process: haproxy, rise: 2 }
                """));
        assertEquals(List.of("instances.gw4.track[0]", "instances.gw4.track[1]", "instances.gw4.track[2].file",
                "instances.gw4.track[3].interface", "instances.gw4.track[4].weight",
                "instances.gw4.track[5].exec.command[0]", "instances.gw4.track[6].exec.timeout",
                "instances.gw4.track[7].rise"), paths(p), p::toString);
        assertTrue(p.get(0).message().contains("interface and file; one per entry"), p.get(0).message());
        assertTrue(p.get(4).hint().contains("-253-253"), p.get(4).hint());
    }

    @Test
    void startupDelayIsReadAndBounded() throws Exception {
        assertEquals(Duration.ofSeconds(30), Configs.load(gw4("") + "startup-delay: 30s\n").startupDelay());
        assertEquals(Duration.ZERO, Configs.load(gw4("")).startupDelay());
        List<ConfigProblem> p = problems(gw4("") + "startup-delay: 2h\n");
        assertEquals(List.of("startup-delay"), paths(p));
        assertEquals("0s to 1800s", p.get(0).hint());
    }
}
