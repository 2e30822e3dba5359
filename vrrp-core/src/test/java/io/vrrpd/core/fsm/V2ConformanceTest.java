package io.vrrpd.core.fsm;

import static io.vrrpd.core.fsm.ConformanceDsl.*;
import static io.vrrpd.core.fsm.ProtocolState.BACKUP;
import static io.vrrpd.core.fsm.ProtocolState.INITIALIZE;
import static io.vrrpd.core.fsm.ProtocolState.MASTER;
import static io.vrrpd.core.fsm.TimerKind.ADVER;
import static io.vrrpd.core.fsm.TimerKind.MASTER_DOWN;
import static io.vrrpd.core.fsm.TransitionReason.EQUAL_PRIORITY_HIGHER_ADDRESS;
import static io.vrrpd.core.fsm.TransitionReason.HIGHER_PRIORITY_ADVERT;
import static io.vrrpd.core.fsm.TransitionReason.MASTER_DOWN_TIMER;
import static io.vrrpd.core.fsm.TransitionReason.PREEMPTED;
import static io.vrrpd.core.fsm.TransitionReason.PRIORITY_ZERO_RECEIVED;
import static io.vrrpd.core.fsm.TransitionReason.SHUTDOWN;
import static io.vrrpd.core.fsm.TransitionReason.STARTUP;
import static io.vrrpd.core.fsm.TransitionReason.STARTUP_OWNER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vrrpd.core.VrrpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

/**
 * RFC 3768 (VRRPv2) conformance cases for {@link VirtualRouter}, in the shape of
 * {@link ConformanceTest}: what a VRRPv2 router does differently. Its Skew_Time is
 * {@code (256 - Priority) / 256} s whatever the interval, its Master_Down_Interval uses its own
 * Advertisement_Interval (it never adopts the Master's: the receive check discards an advert
 * with another interval, section 7.1). As Master it answers a lower-priority advert at once, as
 * keepalived does in VRRPv2 and RFC 9568 requires, where RFC 3768 only discards it (a choice). Every
 * advert it sends is VRRPv2.
 */
class V2ConformanceTest {

    @TestFactory
    Stream<DynamicContainer> conformance() {
        return ConformanceDsl.dynamicTests(cases());
    }

    static List<ConformanceCase> cases() {
        List<ConformanceCase> cs = new ArrayList<>();

        // ===== 6.1 parameters =====
        cs.add(ConformanceCase.named("v2-timing-skew1", "RFC 3768 6.1", v2config(100))
                .at(0).in(startup()).expect(armMd(V2_MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .check(r -> {
                    assertEquals(V2_SKEW_100, r.skewTimeNanos());
                    assertEquals(V2_MDI_100, r.masterDownIntervalNanos());
                }).build());
        // Skew_Time does not grow with the interval (RFC 9568's would be 1,218,750,000 ns here).
        cs.add(ConformanceCase.named("v2-timing-skew-interval-independent1", "RFC 3768 6.1", v2config(100, 200))
                .at(0).in(startup()).expect(armMd(V2_MDI_100_TWO_SECONDS), change(INITIALIZE, BACKUP, STARTUP))
                .check(r -> assertEquals(V2_SKEW_100, r.skewTimeNanos())).build());
        cs.add(ConformanceCase.named("v2-timing-skew-highest-backup1", "RFC 3768 6.1", v2config(254))
                .at(0).in(startup()).expect(armMd(3_007_812_500L), change(INITIALIZE, BACKUP, STARTUP))
                .check(r -> assertEquals(7_812_500L, r.skewTimeNanos())).build());

        // ===== 6.4.1 Initialize =====
        cs.add(ConformanceCase.named("v2-startup-owner1", "RFC 3768 6.4.1", v2config(255))
                .at(0).in(startup()).expect(sendV2(255), announce(), armAdver(SEC), accept(true),
                        change(INITIALIZE, MASTER, STARTUP_OWNER)).build());

        // ===== 6.4.2 Backup =====
        cs.add(ConformanceCase.named("v2-master-down-timer1", "RFC 3768 6.4.2", v2config(100))
                .at(0).in(startup()).expect(armMd(V2_MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(V2_MDI_100).in(fire(MASTER_DOWN)).expect(sendV2(100), announce(), armAdver(V2_MDI_100 + SEC),
                        change(BACKUP, MASTER, MASTER_DOWN_TIMER)).build());
        cs.add(ConformanceCase.named("v2-backup-reset-timer1", "RFC 3768 6.4.2", v2config(100))
                .at(0).in(startup()).expect(armMd(V2_MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advertV2(HIGHER_ADDRESS, 200)).expect(armMd(SEC + V2_MDI_100))
                .check(r -> assertArrayEquals(HIGHER_ADDRESS, r.masterAddress()))
                .at(V2_MDI_100).in(fire(MASTER_DOWN)).expect().build());
        // An advert with another interval is discarded by the receive check (section 7.1); were it to
        // reach the state machine, the Backup would still time out on its own interval.
        cs.add(ConformanceCase.named("v2-backup-keeps-own-interval1", "RFC 3768 6.4.2, 7.1", v2config(100))
                .at(0).in(startup()).expect(armMd(V2_MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advertV2(HIGHER_ADDRESS, 200, 300)).expect(armMd(SEC + V2_MDI_100))
                .check(r -> assertEquals(100, r.masterAdverIntervalCs())).build());
        cs.add(ConformanceCase.named("v2-backup-priority0-1", "RFC 3768 6.4.2", v2config(100))
                .at(0).in(startup()).expect(armMd(V2_MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advertV2(HIGHER_ADDRESS, 200)).expect(armMd(SEC + V2_MDI_100))
                .at(2 * SEC).in(advertV2(HIGHER_ADDRESS, 0)).expect(armMd(2 * SEC + V2_SKEW_100))
                .check(r -> assertNull(r.masterAddress()))
                .at(2 * SEC + V2_SKEW_100).in(fire(MASTER_DOWN)).expect(sendV2(100), announce(),
                        armAdver(3 * SEC + V2_SKEW_100), change(BACKUP, MASTER, PRIORITY_ZERO_RECEIVED)).build());
        cs.add(ConformanceCase.named("v2-backup-priority0-skew-interval-independent1", "RFC 3768 6.4.2, 6.1",
                        v2config(100, 200))
                .at(0).in(startup()).expect(armMd(V2_MDI_100_TWO_SECONDS), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advertV2(HIGHER_ADDRESS, 0, 200)).expect(armMd(SEC + V2_SKEW_100)).build());
        cs.add(ConformanceCase.named("v2-preempt-on-lower-priority1", "RFC 3768 6.4.2", v2config(100))
                .at(0).in(startup()).expect(armMd(V2_MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advertV2(HIGHER_ADDRESS, 50)).expect()
                .at(V2_MDI_100).in(fire(MASTER_DOWN)).expect(sendV2(100), announce(), armAdver(V2_MDI_100 + SEC),
                        change(BACKUP, MASTER, PREEMPTED)).build());
        cs.add(ConformanceCase.named("v2-preempt-off-lower-priority1", "RFC 3768 6.4.2, 6.1 (Preempt_Mode)",
                        config(100, 100, false, 0, false).withVersion(VrrpVersion.V2))
                .at(0).in(startup()).expect(armMd(V2_MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advertV2(HIGHER_ADDRESS, 50)).expect(armMd(SEC + V2_MDI_100)).build());

        // ===== 6.4.3 Master =====
        cs.add(ConformanceCase.named("v2-adver-timer1", "RFC 3768 6.4.3", v2config(255))
                .at(0).in(startup()).expect(sendV2(255), announce(), armAdver(SEC), accept(true),
                        change(INITIALIZE, MASTER, STARTUP_OWNER))
                .at(SEC).in(fire(ADVER)).expect(sendV2(255), armAdver(2 * SEC)).build());
        cs.add(master("v2-master-priority0-1", "RFC 3768 6.4.3", v2config(100), V2_MDI_100, sendV2(100))
                .at(V2_MDI_100 + 7).in(advertV2(HIGHER_ADDRESS, 0)).expect(sendV2(100), announce(), armAdver(V2_MDI_100 + 7 + SEC))
                .build());
        // RFC 3768 discards a losing advert. keepalived 2.2.7 answers it at once in VRRPv2 too ("forcing a new
        // election"), as RFC 9568 requires of VRRPv3: without it a second Master stands until our next advert.
        cs.add(master("v2-master-lower-priority-answers1", "RFC 3768 6.4.3 (answered as keepalived does: choice)",
                        v2config(100), V2_MDI_100, sendV2(100))
                .at(V2_MDI_100 + 7).in(advertV2(HIGHER_ADDRESS, 50)).expect(sendV2(100), announce())
                .at(V2_MDI_100 + 8).in(advertV2(LOWER_ADDRESS, 100)).expect()
                .check(r -> assertEquals(MASTER, r.state()))
                .at(V2_MDI_100 + SEC).in(fire(ADVER)).expect(sendV2(100), armAdver(V2_MDI_100 + 2 * SEC)).build());
        cs.add(master("v2-master-higher-priority1", "RFC 3768 6.4.3", v2config(100), V2_MDI_100, sendV2(100))
                .at(V2_MDI_100 + 1).in(advertV2(LOWER_ADDRESS, 200)).expect(cancel(ADVER), sendV2(0),
                        armMd(V2_MDI_100 + 1 + V2_MDI_100), change(MASTER, BACKUP, HIGHER_PRIORITY_ADVERT))
                .check(r -> assertArrayEquals(LOWER_ADDRESS, r.masterAddress())).build());
        cs.add(master("v2-master-yields-keeps-own-interval1", "RFC 3768 6.4.3, 6.1", v2config(100, 200),
                        V2_MDI_100_TWO_SECONDS, sendV2(100, 200))
                .at(V2_MDI_100_TWO_SECONDS + 1).in(advertV2(HIGHER_ADDRESS, 200, 100)).expect(cancel(ADVER), sendV2(0, 200),
                        armMd(V2_MDI_100_TWO_SECONDS + 1 + V2_MDI_100_TWO_SECONDS),
                        change(MASTER, BACKUP, HIGHER_PRIORITY_ADVERT))
                .check(r -> assertEquals(200, r.masterAdverIntervalCs())).build());
        cs.add(master("v2-master-equal-priority-higher-address1", "RFC 3768 6.4.3", v2config(100), V2_MDI_100,
                        sendV2(100))
                .at(V2_MDI_100 + 1).in(advertV2(HIGH_BYTE_ADDRESS, 100)).expect(cancel(ADVER), sendV2(0),
                        armMd(V2_MDI_100 + 1 + V2_MDI_100), change(MASTER, BACKUP, EQUAL_PRIORITY_HIGHER_ADDRESS))
                .build());
        cs.add(master("v2-master-equal-priority-lower-address1", "RFC 3768 6.4.3", v2config(100), V2_MDI_100,
                        sendV2(100))
                .at(V2_MDI_100 + 1).in(advertV2(LOWER_ADDRESS, 100)).expect(sendV2(100), announce())
                .check(r -> assertEquals(MASTER, r.state())).build());
        cs.add(master("v2-shutdown-master1", "RFC 3768 6.4.3", v2config(100), V2_MDI_100, sendV2(100))
                .at(V2_MDI_100 + SEC).in(shutdown()).expect(cancel(ADVER), sendV2(0),
                        change(MASTER, INITIALIZE, SHUTDOWN)).build());
        cs.add(master("v2-priority-change-master1", "RFC 3768 6.4.3 (priority change: choice)", v2config(100),
                        V2_MDI_100, sendV2(100))
                .at(V2_MDI_100 + 3).in(priority(50)).expect(sendV2(50), armAdver(V2_MDI_100 + 3 + SEC))
                .check(r -> assertEquals(V2_SKEW_100 + 50 * 3_906_250L, r.skewTimeNanos())).build());
        return cs;
    }
}
