package io.vrrpd.daemon.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.daemon.config.TrackerConfig;
import io.vrrpd.daemon.status.TrackerStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackedPriorityTest {
    private static final TrackerConfig UPLINK = new TrackerConfig.Interface("eth1", -60);
    private static final TrackerConfig FILE = new TrackerConfig.File(Path.of("/run/prio"), -10);
    private static final TrackerConfig HAPROXY = new TrackerConfig.Process("haproxy", 20);
    private static final TrackerConfig MUST = new TrackerConfig.Interface("up0", 0);

    private static TrackerReading file(long v) {
        return new TrackerReading(TrackerReading.Health.OK, v, "reads " + v);
    }

    @Test
    void negativeWeightsApplyWhileFailingPositiveWhileSucceeding() {
        TrackedPriority.Result r = TrackedPriority.combine(150, List.of(UPLINK, HAPROXY),
                List.of(TrackerReading.failing("eth1 is down"), TrackerReading.ok("1 process")));
        assertEquals(150 - 60 + 20, r.priority());
        assertNull(r.fault());
        assertEquals(List.of(-60, 20), r.rows().stream().map(TrackerStatus::contribution).toList());
        assertEquals(List.of("failing", "ok"), r.rows().stream().map(TrackerStatus::state).toList());
        r = TrackedPriority.combine(150, List.of(UPLINK, HAPROXY),
                List.of(TrackerReading.ok("eth1 is up"), TrackerReading.failing("no process haproxy")));
        assertEquals(150, r.priority());
    }

    @Test
    void aFileAddsItsIntegerTimesItsWeight() {
        TrackedPriority.Result r = TrackedPriority.combine(150, List.of(FILE), List.of(file(3)));
        assertEquals(120, r.priority());
        assertEquals(3L, r.rows().get(0).value());
        assertEquals(-30, r.rows().get(0).contribution());
        assertEquals(150, TrackedPriority.combine(150, List.of(FILE),
                List.of(TrackerReading.failing("/run/prio does not exist"))).priority(), "a missing file counts 0");
    }

    @Test
    void theSumStaysWithinOneTo254() {
        assertEquals(1, TrackedPriority.combine(50, List.of(FILE), List.of(file(100))).priority());
        assertEquals(254, TrackedPriority.combine(250, List.of(FILE), List.of(file(-100))).priority());
        assertEquals(254, TrackedPriority.combine(250, List.of(HAPROXY), List.of(TrackerReading.ok("up"))).priority());
    }

    @Test
    void theOwnerKeeps255WhateverTheWeights() {
        TrackedPriority.Result r = TrackedPriority.combine(255, List.of(UPLINK, FILE),
                List.of(TrackerReading.failing("down"), file(5)));
        assertEquals(255, r.priority());
        assertEquals(List.of(0, 0), r.rows().stream().map(TrackerStatus::contribution).toList());
        r = TrackedPriority.combine(255, List.of(MUST), List.of(TrackerReading.failing("up0 is down")));
        assertEquals("tracked interface up0 is failing: up0 is down", r.fault(), "an unweighted one still faults");
    }

    @Test
    void unweightedTrackersFaultWhenFailingOrNotCheckedYet() {
        TrackedPriority.Result r = TrackedPriority.combine(150, List.of(UPLINK, MUST),
                List.of(TrackerReading.ok("up"), TrackerReading.UNKNOWN));
        assertEquals("tracked interface up0 is failing: not checked yet", r.fault());
        assertEquals("unknown", r.rows().get(1).state());
        assertTrue(r.rows().get(1).fault());
        TrackerConfig flag = new TrackerConfig.File(Path.of("/run/flag"), 0);
        assertNull(TrackedPriority.combine(150, List.of(flag), List.of(file(0))).fault());
        r = TrackedPriority.combine(150, List.of(flag), List.of(file(2)));
        assertEquals("tracked file /run/flag is failing: reads 2", r.fault(), "weight 0: any integer but 0 faults");
        assertEquals("failing", r.rows().get(0).state());
    }

    @Test
    void aWeightedTrackerNotCheckedYetCountsAsFailing() {
        assertEquals(90, TrackedPriority.combine(150, List.of(UPLINK), List.of(TrackerReading.UNKNOWN)).priority());
        assertEquals(150, TrackedPriority.combine(150, List.of(HAPROXY), List.of(TrackerReading.UNKNOWN)).priority());
    }
}
