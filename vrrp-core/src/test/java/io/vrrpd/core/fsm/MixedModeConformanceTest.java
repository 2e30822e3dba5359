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
import static io.vrrpd.core.fsm.TransitionReason.SHUTDOWN;
import static io.vrrpd.core.fsm.TransitionReason.STARTUP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

/**
 * RFC 9568 section 8.4 conformance cases: a VRRPv3 router in mixed mode ({@code accept-v2})
 * sends VRRPv3 and VRRPv2 adverts at its configured rate, even sub-second (the VRRPv2 one says the
 * interval rounded up to whole seconds); hears both; follows the VRRPv3 rules for a VRRPv2 advert
 * (the higher priority wins, whatever the version), translating a VRRPv2 Master's seconds into
 * centiseconds; and as Backup ignores the VRRPv2 adverts of a Master it also hears VRRPv3 from.
 *
 * <p>Literals: priority 100 at 10 cs: Master_Down_Interval 360,937,500 ns, Skew_Time 60,937,500 ns.
 */
class MixedModeConformanceTest {

    static final long MDI_100_TENTH = 360_937_500L;
    static final long TENTH = 100_000_000L;

    @TestFactory
    Stream<DynamicContainer> conformance() {
        return ConformanceDsl.dynamicTests(cases());
    }

    static List<ConformanceCase> cases() {
        List<ConformanceCase> cs = new ArrayList<>();

        // ===== Sending: both versions =====
        cs.add(master("mixed-master-sends-both1", "8.4.2", mixedConfig(100, 100), MDI_100, send(100), sendV2(100))
                .at(MDI_100 + SEC).in(fire(ADVER)).expect(send(100), sendV2(100), armAdver(MDI_100 + 2 * SEC)).build());
        cs.add(master("mixed-master-sends-both-subsecond1", "8.4.2 (at the configured rate, even sub-second)",
                        mixedConfig(100, 10), MDI_100_TENTH, send(100, 10), sendV2(100))
                .at(MDI_100_TENTH + TENTH).in(fire(ADVER)).expect(send(100, 10), sendV2(100),
                        armAdver(MDI_100_TENTH + 2 * TENTH)).build());
        cs.add(master("mixed-v2-interval-rounded-up1", "8.4.2 (a VRRPv2 advert says whole seconds)",
                        mixedConfig(100, 150), 5_414_062_500L, send(100, 150), sendV2(100, 200))
                .at(5_414_062_500L + 1_500_000_000L).in(fire(ADVER)).expect(send(100, 150), sendV2(100, 200),
                        armAdver(5_414_062_500L + 3_000_000_000L))
                .check(r -> assertEquals(200, r.config().v2AdvertIntervalCs())).build());
        cs.add(master("mixed-shutdown-releases-both1", "8.4.2, 6.4.3", mixedConfig(100, 100), MDI_100, send(100),
                        sendV2(100))
                .at(MDI_100 + 1).in(shutdown()).expect(cancel(ADVER), send(0), sendV2(0),
                        change(MASTER, INITIALIZE, SHUTDOWN)).build());
        cs.add(master("mixed-master-answers-lower-v2-router1", "8.4.2, 6.4.3", mixedConfig(100, 100), MDI_100,
                        send(100), sendV2(100))
                .at(MDI_100 + 1).in(advertV2(LOWER_ADDRESS, 50)).expect(send(100), sendV2(100), announce()).build());

        // ===== A VRRPv2 Master heard by a mixed-mode Backup =====
        cs.add(ConformanceCase.named("mixed-backup-adopts-v2-interval1", "8.4.2 (seconds into centiseconds)",
                        mixedConfig(100, 10))
                .at(0).in(startup()).expect(armMd(MDI_100_TENTH), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advertV2(HIGHER_ADDRESS, 200, 100)).expect(armMd(SEC + MDI_100))
                .check(r -> {
                    assertEquals(100, r.masterAdverIntervalCs());
                    assertFalse(r.masterSendsV3());
                    assertArrayEquals(HIGHER_ADDRESS, r.masterAddress());
                })
                .at(2 * SEC).in(advertV2(HIGHER_ADDRESS, 200, 100)).expect(armMd(2 * SEC + MDI_100)).build());
        cs.add(ConformanceCase.named("mixed-backup-adopts-v2-interval-longest1", "8.4.2 (seconds into centiseconds)",
                        mixedConfig(100, 10))
                .at(0).in(startup()).expect(armMd(MDI_100_TENTH), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advertV2(HIGHER_ADDRESS, 200, 25500)).expect(armMd(SEC + 920_390_625_000L))
                .check(r -> assertEquals(25500, r.masterAdverIntervalCs())).build());
        cs.add(ConformanceCase.named("mixed-backup-adopt-v2-interval-bounded1", "8.4.2 (adopted interval bound: choice)",
                        mixedConfig(100, 10).withMaxAdoptedIntervalCs(200))
                .at(0).in(startup()).expect(armMd(MDI_100_TENTH), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advertV2(HIGHER_ADDRESS, 200, 25500)).expect(armMd(SEC + MDI_100_TWO_SECONDS))
                .check(r -> assertEquals(200, r.masterAdverIntervalCs())).build());
        // Which priority wins does not depend on the version: a lower-priority VRRPv2 Master is preempted.
        cs.add(ConformanceCase.named("mixed-backup-preempts-lower-v2-master1", "8.4.2, 6.4.2", mixedConfig(100, 100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advertV2(HIGHER_ADDRESS, 50)).expect()
                .at(MDI_100).in(fire(MASTER_DOWN)).expect(send(100), sendV2(100), announce(), armAdver(MDI_100 + SEC),
                        change(BACKUP, MASTER, PREEMPTED)).build());
        cs.add(master("mixed-master-yields-to-higher-v2-master1", "8.4.2, 6.4.3", mixedConfig(100, 10), MDI_100_TENTH,
                        send(100, 10), sendV2(100))
                .at(MDI_100_TENTH + 1).in(advertV2(HIGHER_ADDRESS, 200, 100)).expect(cancel(ADVER), send(0, 10), sendV2(0),
                        armMd(MDI_100_TENTH + 1 + MDI_100), change(MASTER, BACKUP, HIGHER_PRIORITY_ADVERT))
                .check(r -> {
                    assertEquals(100, r.masterAdverIntervalCs());
                    assertFalse(r.masterSendsV3());
                }).build());
        cs.add(master("mixed-master-equal-priority-v2-higher-address1", "8.4.2, 6.4.3", mixedConfig(100, 100), MDI_100,
                        send(100), sendV2(100))
                .at(MDI_100 + 1).in(advertV2(HIGH_BYTE_ADDRESS, 100)).expect(cancel(ADVER), send(0), sendV2(0), armMd(MDI_100 + 1 + MDI_100),
                        change(MASTER, BACKUP, EQUAL_PRIORITY_HIGHER_ADDRESS)).build());

        // ===== A Master heard in both versions: its VRRPv2 adverts are ignored =====
        cs.add(ConformanceCase.named("mixed-backup-ignores-v2-from-v3-master1", "8.4.2 (ignore its VRRPv2 adverts)",
                        mixedConfig(100, 10))
                .at(0).in(startup()).expect(armMd(MDI_100_TENTH), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 200, 10)).expect(armMd(SEC + MDI_100_TENTH))
                .check(r -> assertTrue(r.masterSendsV3()))
                .at(SEC + 1).in(advertV2(HIGHER_ADDRESS, 200, 100)).expect()
                .check(r -> assertEquals(10, r.masterAdverIntervalCs()))
                .at(SEC + MDI_100_TENTH).in(fire(MASTER_DOWN)).expect(send(100, 10), sendV2(100), announce(),
                        armAdver(SEC + MDI_100_TENTH + TENTH), change(BACKUP, MASTER, MASTER_DOWN_TIMER)).build());
        cs.add(ConformanceCase.named("mixed-backup-v2-then-v3-from-master1", "8.4.2 (ignore its VRRPv2 adverts)",
                        mixedConfig(100, 10))
                .at(0).in(startup()).expect(armMd(MDI_100_TENTH), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advertV2(HIGHER_ADDRESS, 200, 100)).expect(armMd(SEC + MDI_100))
                .at(SEC + 1).in(advert(HIGHER_ADDRESS, 200, 10)).expect(armMd(SEC + 1 + MDI_100_TENTH))
                .at(SEC + 2).in(advertV2(HIGHER_ADDRESS, 200, 100)).expect()
                .check(r -> assertEquals(10, r.masterAdverIntervalCs())).build());
        cs.add(ConformanceCase.named("mixed-backup-v2-from-another-router1", "8.4.2, 6.4.2", mixedConfig(100, 10))
                .at(0).in(startup()).expect(armMd(MDI_100_TENTH), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(LOWER_ADDRESS, 150, 10)).expect(armMd(SEC + MDI_100_TENTH))
                .at(SEC + 1).in(advertV2(HIGHER_ADDRESS, 200, 100)).expect(armMd(SEC + 1 + MDI_100))
                .check(r -> {
                    assertArrayEquals(HIGHER_ADDRESS, r.masterAddress());
                    assertFalse(r.masterSendsV3());
                    assertEquals(100, r.masterAdverIntervalCs());
                }).build());
        // Priority 0 is heard in either version: the VRRPv3 release may have been lost (choice).
        cs.add(ConformanceCase.named("mixed-backup-v2-priority0-from-v3-master1", "8.4.2, 6.4.2 (priority 0: choice)",
                        mixedConfig(100, 10))
                .at(0).in(startup()).expect(armMd(MDI_100_TENTH), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 200, 10)).expect(armMd(SEC + MDI_100_TENTH))
                .at(SEC + 1).in(advertV2(HIGHER_ADDRESS, 0, 100)).expect(armMd(SEC + 1 + 60_937_500L))
                .check(r -> assertFalse(r.masterSendsV3())).build());
        cs.add(master("mixed-master-yields-to-v3-then-ignores-its-v2-1", "8.4.2, 6.4.3", mixedConfig(100, 10),
                        MDI_100_TENTH, send(100, 10), sendV2(100))
                .at(MDI_100_TENTH + 1).in(advert(HIGHER_ADDRESS, 200, 10)).expect(cancel(ADVER), send(0, 10), sendV2(0),
                        armMd(MDI_100_TENTH + 1 + MDI_100_TENTH), change(MASTER, BACKUP, HIGHER_PRIORITY_ADVERT))
                .check(r -> assertTrue(r.masterSendsV3()))
                .at(MDI_100_TENTH + 2).in(advertV2(HIGHER_ADDRESS, 200, 100)).expect().build());
        return cs;
    }
}
