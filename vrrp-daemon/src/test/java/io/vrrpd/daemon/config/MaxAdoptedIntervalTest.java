package io.vrrpd.daemon.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code max-adopted-interval}: absent is no bound; a bound shorter than the instance's own interval is refused. */
class MaxAdoptedIntervalTest {
    private static final String GW4 = """
            instances:
              gw4:
                family: ipv4
                interface: lan0
                vrid: 51
                advert-interval: 100ms
                virtual-addresses: [192.0.2.1/24]
            """;

    @Test
    void absentMeansNoBoundAndAValueIsKeptInCentiseconds() throws Exception {
        assertEquals(0, Configs.load(GW4).instances().get("gw4").maxAdoptedIntervalCentis());
        assertEquals(100, Configs.load(GW4 + "    max-adopted-interval: 1s\n").instances().get("gw4")
                .maxAdoptedIntervalCentis());
    }

    @Test
    void aBoundShorterThanTheOwnIntervalOrOffTheStepIsRefused() {
        List<ConfigProblem> p = Configs.problems(GW4 + "    max-adopted-interval: 50ms\n");
        assertEquals(List.of("instances.gw4.max-adopted-interval"), Configs.paths(p));
        assertTrue(p.get(0).toString().contains("shorter than this instance's advert-interval 100ms"), p.toString());
        List<ConfigProblem> step = Configs.problems(GW4 + "    max-adopted-interval: 1005ms\n");
        assertTrue(step.get(0).toString().contains("not a multiple of 10ms"), step.toString());
    }
}
