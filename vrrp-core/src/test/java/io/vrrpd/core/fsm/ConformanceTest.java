package io.vrrpd.core.fsm;

import static io.vrrpd.core.fsm.ConformanceDsl.*;
import static io.vrrpd.core.fsm.ProtocolState.BACKUP;
import static io.vrrpd.core.fsm.ProtocolState.INITIALIZE;
import static io.vrrpd.core.fsm.ProtocolState.MASTER;
import static io.vrrpd.core.fsm.TimerKind.ADVER;
import static io.vrrpd.core.fsm.TimerKind.MASTER_DOWN;
import static io.vrrpd.core.fsm.TransitionReason.EQUAL_PRIORITY_HIGHER_ADDRESS;
import static io.vrrpd.core.fsm.TransitionReason.HIGHER_PRIORITY_ADVERT;
import static io.vrrpd.core.fsm.TransitionReason.INTERFACE_DOWN;
import static io.vrrpd.core.fsm.TransitionReason.INTERFACE_UP;
import static io.vrrpd.core.fsm.TransitionReason.MASTER_DOWN_TIMER;
import static io.vrrpd.core.fsm.TransitionReason.PREEMPTED;
import static io.vrrpd.core.fsm.TransitionReason.PRIORITY_ZERO_RECEIVED;
import static io.vrrpd.core.fsm.TransitionReason.SHUTDOWN;
import static io.vrrpd.core.fsm.TransitionReason.STARTUP;
import static io.vrrpd.core.fsm.TransitionReason.STARTUP_OWNER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.core.AddressFamily;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * RFC 9568 conformance cases for {@link VirtualRouter}, in the shape of holo-vrrp's
 * {@code tests/conformance}: each case is named after what it proves, cites the section, and
 * lists the exact effects expected after every input. Every case runs twice, starting the clock
 * at 0 and at {@code Long.MAX_VALUE - 1 s} so that deadlines wrap. The language they are written
 * in, and the timing literals, are in {@link ConformanceDsl}; the VRRPv2 cases are in
 * {@link V2ConformanceTest}, the mixed-mode ones in {@link MixedModeConformanceTest}.
 */
class ConformanceTest {

    @TestFactory
    Stream<DynamicContainer> conformance() {
        return ConformanceDsl.dynamicTests(cases());
    }

    @Test
    void atLeastFortyCasesAndEveryNameUniqueAcrossVersions() {
        List<ConformanceCase> all = new ArrayList<>(cases());
        all.addAll(V2ConformanceTest.cases());
        all.addAll(MixedModeConformanceTest.cases());
        Set<String> names = new HashSet<>();
        for (ConformanceCase c : all) {
            assertTrue(names.add(c.name), "duplicate case name " + c.name);
        }
        assertTrue(cases().size() >= 40, "only " + cases().size() + " conformance cases");
    }

    static List<ConformanceCase> cases() {
        List<ConformanceCase> cs = new ArrayList<>();

        // ===== 6.1 timer formulas =====
        cs.add(ConformanceCase.named("timing-skew-exact1", "6.1", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .check(r -> {
                    assertEquals(SKEW_100, r.skewTimeNanos());
                    assertEquals(MDI_100, r.masterDownIntervalNanos());
                    assertEquals(100, r.masterAdverIntervalCs());
                }).build());
        cs.add(ConformanceCase.named("timing-skew-never-zero1", "6.1", config(254, 1))
                .at(0).in(startup()).expect(armMd(30_078_125L), change(INITIALIZE, BACKUP, STARTUP))
                .check(r -> assertEquals(78_125L, r.skewTimeNanos())).build());
        cs.add(ConformanceCase.named("timing-skew-largest1", "6.1", config(1, 4095))
                .at(0).in(startup()).expect(armMd(163_640_039_062L), change(INITIALIZE, BACKUP, STARTUP))
                .check(r -> assertEquals(40_790_039_062L, r.skewTimeNanos())).build());

        // ===== 6.4.1 Initialize =====
        cs.add(ConformanceCase.named("startup-backup1", "6.4.1", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .check(r -> {
                    assertEquals(BACKUP, r.state());
                    assertNull(r.masterAddress());
                }).build());
        cs.add(ConformanceCase.named("startup-owner1", "6.4.1", config(255))
                .at(0).in(startup()).expect(send(255), announce(), armAdver(SEC), accept(true),
                        change(INITIALIZE, MASTER, STARTUP_OWNER))
                .check(r -> assertArrayEquals(SELF, r.masterAddress())).build());
        cs.add(ConformanceCase.named("startup-owner-preempt-off1", "6.4.1, 6.1 (Preempt_Mode: the owner always preempts)",
                        config(255, 100, false, 0, false))
                .at(0).in(startup()).expect(send(255), announce(), armAdver(SEC), accept(true),
                        change(INITIALIZE, MASTER, STARTUP_OWNER)).build());
        cs.add(ConformanceCase.named("startup-twice1", "6.4.1", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(startup()).expect().build());
        // A Startup is defined only in Initialize (6.4.1); an Active router ignores another one.
        cs.add(master("startup-master-ignored1", "6.4.1, 6.4.3", 100)
                .at(MDI_100 + 1).in(startup()).expect()
                .at(MDI_100 + SEC).in(fire(ADVER)).expect(send(100), armAdver(MDI_100 + 2 * SEC)).build());
        cs.add(ConformanceCase.named("init-ignores-advert1", "6.4.1", config(100))
                .at(0).in(advert(HIGHER_ADDRESS, 200)).expect()
                .at(1).in(fire(MASTER_DOWN)).expect()
                .at(2).in(fire(ADVER)).expect()
                .check(r -> assertEquals(INITIALIZE, r.state())).build());
        cs.add(ConformanceCase.named("init-shutdown1", "6.4.1", config(100))
                .at(0).in(shutdown()).expect().build());

        // ===== 6.4.2 Backup: Master_Down_Timer =====
        cs.add(ConformanceCase.named("master-down-timer1", "6.4.2", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(MDI_100).in(fire(MASTER_DOWN)).expect(send(100), announce(), armAdver(MDI_100 + SEC),
                        change(BACKUP, MASTER, MASTER_DOWN_TIMER))
                .check(r -> assertArrayEquals(SELF, r.masterAddress())).build());
        cs.add(ConformanceCase.named("master-down-timer-early1", "6.4.2 (early firing ignored: choice)", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC / 2).in(fire(MASTER_DOWN)).expect()
                .at(MDI_100 - 1).in(fire(MASTER_DOWN)).expect()
                .check(r -> assertEquals(BACKUP, r.state())).build());
        cs.add(ConformanceCase.named("master-down-timer-reset1", "6.4.2", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 200)).expect(armMd(SEC + MDI_100))
                .at(MDI_100).in(fire(MASTER_DOWN)).expect()
                .at(SEC + MDI_100).in(fire(MASTER_DOWN)).expect(send(100), announce(),
                        armAdver(SEC + MDI_100 + SEC), change(BACKUP, MASTER, MASTER_DOWN_TIMER)).build());
        cs.add(ConformanceCase.named("master-down-timer-accept1", "6.4.2, 6.4.3, 6.1 (Accept_Mode)",
                        config(100, 100, true, 0, true))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(MDI_100).in(fire(MASTER_DOWN)).expect(send(100), announce(), armAdver(MDI_100 + SEC),
                        accept(true), change(BACKUP, MASTER, MASTER_DOWN_TIMER))
                .at(MDI_100 + 1).in(advert(HIGHER_ADDRESS, 200)).expect(cancel(ADVER), send(0), accept(false),
                        armMd(MDI_100 + 1 + MDI_100), change(MASTER, BACKUP, HIGHER_PRIORITY_ADVERT)).build());
        cs.add(ConformanceCase.named("backup-ignores-adver-timer1", "6.4.2", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(fire(ADVER)).expect().build());

        // ===== 6.4.2 Backup: adverts =====
        cs.add(ConformanceCase.named("backup-adopt-interval1", "6.4.2, 6.1", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 200, 50)).expect(armMd(SEC + MDI_100_HALF_SECOND))
                .check(r -> {
                    assertEquals(50, r.masterAdverIntervalCs());
                    assertEquals(304_687_500L, r.skewTimeNanos());
                    assertArrayEquals(HIGHER_ADDRESS, r.masterAddress());
                }).build());
        cs.add(ConformanceCase.named("backup-adopt-interval2", "6.4.2", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 200, 200)).expect(armMd(SEC + MDI_100_TWO_SECONDS))
                .at(2 * SEC).in(advert(HIGHER_ADDRESS, 200, 100)).expect(armMd(2 * SEC + MDI_100)).build());
        // RFC 9568 as written (and the default): any advertised interval is adopted, so one forged
        // advert at 40.95 s holds this Backup off for 147.8 s.
        cs.add(ConformanceCase.named("backup-adopt-interval-longest1", "6.4.2, 6.1", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 255, 4095)).expect(armMd(SEC + 147_803_906_250L))
                .check(r -> assertEquals(4095, r.masterAdverIntervalCs())).build());
        // max-adopted-interval (hardening): the bound is adopted instead, here 2 s.
        cs.add(ConformanceCase.named("backup-adopt-interval-bounded1", "6.4.2 (adopted interval bound: choice)",
                        config(100).withMaxAdoptedIntervalCs(200))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 255, 4095)).expect(armMd(SEC + MDI_100_TWO_SECONDS))
                .check(r -> assertEquals(200, r.masterAdverIntervalCs()))
                .at(2 * SEC).in(advert(HIGHER_ADDRESS, 255, 50)).expect(armMd(2 * SEC + MDI_100_HALF_SECOND))
                .check(r -> assertEquals(50, r.masterAdverIntervalCs())).build());
        cs.add(master("master-yield-interval-bounded1", "6.4.3 (adopted interval bound: choice)",
                        config(100).withMaxAdoptedIntervalCs(200), MDI_100, send(100))
                .at(MDI_100 + 1).in(advert(HIGHER_ADDRESS, 200, 4095)).expect(cancel(ADVER), send(0),
                        armMd(MDI_100 + 1 + MDI_100_TWO_SECONDS), change(MASTER, BACKUP, HIGHER_PRIORITY_ADVERT))
                .check(r -> assertEquals(200, r.masterAdverIntervalCs())).build());
        cs.add(ConformanceCase.named("backup-adopt-interval-zero1", "6.4.2 (interval 0: choice; 7.1 rejects it)", config(255 - 1, 100))
                .at(0).in(startup()).expect(armMd(3_007_812_500L), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 255, 0)).expect(armMd(SEC + 30_078_125L))
                .check(r -> assertEquals(1, r.masterAdverIntervalCs())).build());
        cs.add(ConformanceCase.named("backup-equal-priority1", "6.4.2", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(LOWER_ADDRESS, 100)).expect(armMd(SEC + MDI_100))
                .check(r -> assertArrayEquals(LOWER_ADDRESS, r.masterAddress())).build());
        cs.add(ConformanceCase.named("backup-own-advert-looped1", "6.4.2 (looped own advert: choice)", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(SELF, 200)).expect().build());

        // ===== 6.4.2 preempt =====
        cs.add(ConformanceCase.named("preempt-on-lower-priority1", "6.4.2", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 50)).expect()
                .at(MDI_100).in(fire(MASTER_DOWN)).expect(send(100), announce(), armAdver(MDI_100 + SEC),
                        change(BACKUP, MASTER, PREEMPTED)).build());
        cs.add(ConformanceCase.named("preempt-on-lower-then-higher1", "6.4.2", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 50)).expect()
                .at(2 * SEC).in(advert(LOWER_ADDRESS, 150)).expect(armMd(2 * SEC + MDI_100))
                .at(2 * SEC + MDI_100).in(fire(MASTER_DOWN)).expect(send(100), announce(),
                        armAdver(3 * SEC + MDI_100), change(BACKUP, MASTER, MASTER_DOWN_TIMER)).build());
        cs.add(ConformanceCase.named("preempt-off-lower-priority1", "6.4.2", config(100, 100, false, 0, false))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 50)).expect(armMd(SEC + MDI_100))
                .check(r -> assertArrayEquals(HIGHER_ADDRESS, r.masterAddress())).build());
        cs.add(ConformanceCase.named("preempt-off-lower-priority2", "6.4.2", config(100, 100, false, 0, false))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 50)).expect(armMd(SEC + MDI_100))
                .at(2 * SEC).in(advert(HIGHER_ADDRESS, 50)).expect(armMd(2 * SEC + MDI_100))
                .at(SEC + MDI_100).in(fire(MASTER_DOWN)).expect()
                .check(r -> assertEquals(BACKUP, r.state())).build());
        cs.add(ConformanceCase.named("preempt-delay1", "6.4.2 (preempt delay, keepalived)",
                        config(200, 100, true, 3 * SEC, false))
                .at(0).in(startup()).expect(armMd(MDI_200), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(LOWER_ADDRESS, 100)).expect(armMd(SEC + MDI_200))
                .at(2 * SEC).in(advert(LOWER_ADDRESS, 100)).expect(armMd(2 * SEC + MDI_200))
                .at(3 * SEC - 1).in(advert(LOWER_ADDRESS, 100)).expect(armMd(3 * SEC - 1 + MDI_200))
                .at(3 * SEC).in(advert(LOWER_ADDRESS, 100)).expect()
                .at(3 * SEC - 1 + MDI_200).in(fire(MASTER_DOWN)).expect(send(200), announce(),
                        armAdver(4 * SEC - 1 + MDI_200), change(BACKUP, MASTER, PREEMPTED)).build());
        cs.add(ConformanceCase.named("preempt-delay-master-down1", "6.4.2 (preempt delay, keepalived)",
                        config(200, 100, true, 60 * SEC, false))
                .at(0).in(startup()).expect(armMd(MDI_200), change(INITIALIZE, BACKUP, STARTUP))
                .at(MDI_200).in(fire(MASTER_DOWN)).expect(send(200), announce(), armAdver(MDI_200 + SEC),
                        change(BACKUP, MASTER, MASTER_DOWN_TIMER)).build());
        cs.add(ConformanceCase.named("preempt-delay-interface-up1", "6.4.2 (preempt delay, keepalived)",
                        config(200, 100, true, 3 * SEC, false))
                .at(0).in(startup()).expect(armMd(MDI_200), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(LOWER_ADDRESS, 100)).expect(armMd(SEC + MDI_200))
                .at(2 * SEC).in(down()).expect(cancel(MASTER_DOWN), change(BACKUP, INITIALIZE, INTERFACE_DOWN))
                .at(4 * SEC).in(up()).expect(armMd(4 * SEC + MDI_200), change(INITIALIZE, BACKUP, INTERFACE_UP))
                .at(5 * SEC).in(advert(LOWER_ADDRESS, 100)).expect(armMd(5 * SEC + MDI_200))
                .at(7 * SEC).in(advert(LOWER_ADDRESS, 100)).expect().build());

        // ===== 6.4.2 priority 0 =====
        cs.add(ConformanceCase.named("packet-priority0-backup1", "6.4.2", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 200)).expect(armMd(SEC + MDI_100))
                .at(2 * SEC).in(advert(HIGHER_ADDRESS, 0)).expect(armMd(2 * SEC + SKEW_100))
                .check(r -> assertNull(r.masterAddress()))
                .at(2 * SEC + SKEW_100).in(fire(MASTER_DOWN)).expect(send(100), announce(),
                        armAdver(3 * SEC + SKEW_100), change(BACKUP, MASTER, PRIORITY_ZERO_RECEIVED)).build());
        cs.add(ConformanceCase.named("packet-priority0-backup2", "6.4.2", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 0)).expect(armMd(SEC + SKEW_100))
                .at(SEC + 1).in(advert(LOWER_ADDRESS, 150)).expect(armMd(SEC + 1 + MDI_100))
                .at(SEC + SKEW_100).in(fire(MASTER_DOWN)).expect()
                .check(r -> assertArrayEquals(LOWER_ADDRESS, r.masterAddress())).build());
        // A second Master yielding to ours releases (choice, docs/state-machine.md): ours stands,
        // so a Backup that follows another Master keeps its timer; nobody is taken over by it.
        cs.add(ConformanceCase.named("backup-ignores-second-master-release1", "6.4.2 (yield release: choice)", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 200)).expect(armMd(SEC + MDI_100))
                .at(SEC + 1).in(advert(LOWER_ADDRESS, 0)).expect()
                .check(r -> assertArrayEquals(HIGHER_ADDRESS, r.masterAddress()))
                .at(SEC + MDI_100).in(fire(MASTER_DOWN)).expect(send(100), announce(),
                        armAdver(2 * SEC + MDI_100), change(BACKUP, MASTER, MASTER_DOWN_TIMER)).build());
        cs.add(ConformanceCase.named("packet-priority0-skew1", "6.4.2, 6.1", config(200))
                .at(0).in(startup()).expect(armMd(MDI_200), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 0)).expect(armMd(SEC + SKEW_200)).build());
        cs.add(ConformanceCase.named("packet-priority0-master1", "6.4.3", config(255))
                .at(0).in(startup()).expect(send(255), announce(), armAdver(SEC), accept(true),
                        change(INITIALIZE, MASTER, STARTUP_OWNER))
                .at(SEC / 2).in(advert(HIGHER_ADDRESS, 0)).expect(send(255), announce(), armAdver(SEC / 2 + SEC)).build());

        // ===== 6.4.3 Master =====
        cs.add(ConformanceCase.named("adver-timer1", "6.4.3", config(255))
                .at(0).in(startup()).expect(send(255), announce(), armAdver(SEC), accept(true),
                        change(INITIALIZE, MASTER, STARTUP_OWNER))
                .at(SEC).in(fire(ADVER)).expect(send(255), armAdver(2 * SEC))
                .at(2 * SEC + 5).in(fire(ADVER)).expect(send(255), armAdver(3 * SEC + 5)).build());
        cs.add(ConformanceCase.named("adver-timer-stale1", "6.4.3 (early firing ignored: choice)", config(255))
                .at(0).in(startup()).expect(send(255), announce(), armAdver(SEC), accept(true),
                        change(INITIALIZE, MASTER, STARTUP_OWNER))
                .at(SEC - 1).in(fire(ADVER)).expect()
                .at(SEC).in(fire(MASTER_DOWN)).expect().build());
        // Started at +0.5 s: with the clock starting at MAX - 1 s the deadline wraps, "now" does not.
        cs.add(ConformanceCase.named("adver-timer-stale-wrap1", "6.4.3 (early firing ignored: choice)", config(255))
                .at(SEC / 2).in(startup()).expect(send(255), announce(), armAdver(SEC / 2 + SEC), accept(true),
                        change(INITIALIZE, MASTER, STARTUP_OWNER))
                .at(SEC - 1).in(fire(ADVER)).expect()
                .at(SEC / 2 + SEC).in(fire(ADVER)).expect(send(255), armAdver(SEC / 2 + 2 * SEC)).build());
        cs.add(master("master-higher-priority1", "6.4.3", 100)
                .at(MDI_100 + SEC / 2).in(advert(LOWER_ADDRESS, 200)).expect(cancel(ADVER), send(0),
                        armMd(MDI_100 + SEC / 2 + MDI_100), change(MASTER, BACKUP, HIGHER_PRIORITY_ADVERT))
                .check(r -> assertArrayEquals(LOWER_ADDRESS, r.masterAddress()))
                .at(MDI_100 + SEC).in(fire(ADVER)).expect().build());
        cs.add(master("master-higher-priority-interval1", "6.4.3", 100)
                .at(MDI_100 + SEC / 2).in(advert(LOWER_ADDRESS, 200, 50)).expect(cancel(ADVER), send(0),
                        armMd(MDI_100 + SEC / 2 + MDI_100_HALF_SECOND),
                        change(MASTER, BACKUP, HIGHER_PRIORITY_ADVERT))
                .check(r -> assertEquals(50, r.masterAdverIntervalCs())).build());
        cs.add(master("master-equal-priority-higher-address1", "6.4.3", 100)
                .at(MDI_100 + 1).in(advert(HIGHER_ADDRESS, 100)).expect(cancel(ADVER), send(0),
                        armMd(MDI_100 + 1 + MDI_100), change(MASTER, BACKUP, EQUAL_PRIORITY_HIGHER_ADDRESS))
                .build());
        cs.add(master("master-equal-priority-unsigned-address1", "6.4.3", 100)
                .at(MDI_100 + 1).in(advert(HIGH_BYTE_ADDRESS, 100)).expect(cancel(ADVER), send(0),
                        armMd(MDI_100 + 1 + MDI_100), change(MASTER, BACKUP, EQUAL_PRIORITY_HIGHER_ADDRESS))
                .build());
        cs.add(master("master-equal-priority-lower-address1", "6.4.3", 100)
                .at(MDI_100 + 1).in(advert(LOWER_ADDRESS, 100)).expect(send(100), announce())
                .check(r -> assertEquals(MASTER, r.state())).build());
        cs.add(master("master-lower-priority1", "6.4.3 (RFC 9568: advertise at once)", 100)
                .at(MDI_100 + 7).in(advert(HIGHER_ADDRESS, 50, 200)).expect(send(100), announce())
                .check(r -> {
                    assertEquals(MASTER, r.state());
                    assertEquals(100, r.masterAdverIntervalCs());
                    assertArrayEquals(SELF, r.masterAddress());
                }).build());
        // A partition heals: the other side, which became Master too and announced the addresses,
        // is heard. We win, so we announce them again: the hosts would otherwise keep sending to the
        // loser until their neighbour caches expire (seconds), though it yields at once. Once per holdoff.
        cs.add(master("dual-master-heal-announces1", "6.4.3 (announce again on a losing advert: choice)", 150)
                .at(MDI_100 + 5).in(advert(HIGHER_ADDRESS, 100)).expect(send(150), announce())
                .at(MDI_100 + 5 + SEC / 10).in(advert(HIGHER_ADDRESS, 100)).expect()
                .check(r -> assertEquals(MASTER, r.state())).build());
        // The race the answer above does not close: our advert reaches the second Master first, it
        // yields and releases (master-higher-priority1), and the release makes us announce.
        cs.add(master("dual-master-heal-release-announces1", "6.4.3 (announce on a release: choice)", 150)
                .at(MDI_100 + 5).in(advert(HIGHER_ADDRESS, 0)).expect(send(150), announce(), armAdver(MDI_100 + 5 + SEC))
                .check(r -> assertEquals(MASTER, r.state())).build());
        // 6.4.3, losing advert: "Discard" and "Send an ADVERTISEMENT immediately"; unlike the
        // priority 0 branch, no "Reset the Adver_Timer": the periodic adverts keep their deadline.
        cs.add(master("master-lower-priority-keeps-adver-timer1", "6.4.3", 100)
                .at(MDI_100 + 7).in(advert(HIGHER_ADDRESS, 50)).expect(send(100), announce())
                .at(MDI_100 + SEC).in(fire(ADVER)).expect(send(100), armAdver(MDI_100 + 2 * SEC)).build());
        // The immediate answer, once per holdoff (one interval, at most 1 s): a flood of forged
        // lower-priority (or priority 0) adverts is not reflected 1:1. Each case fails without the holdoff.
        cs.add(master("master-answer-holdoff1", "6.4.3 (answer once per holdoff: choice)", 100)
                .at(MDI_100 + 7).in(advert(HIGHER_ADDRESS, 50)).expect(send(100), announce())
                .at(MDI_100 + 9).in(advert(LOWER_ADDRESS, 100)).expect()
                .at(MDI_100 + 7 + SEC - 1).in(advert(HIGHER_ADDRESS, 50)).expect()
                .at(MDI_100 + 7 + SEC).in(advert(HIGHER_ADDRESS, 50)).expect(send(100), announce())
                .check(r -> assertEquals(MASTER, r.state())).build());
        cs.add(master("master-answer-holdoff-priority0-1", "6.4.3 (answer once per holdoff: choice)", 100)
                .at(MDI_100 + 7).in(advert(HIGHER_ADDRESS, 0)).expect(send(100), announce(), armAdver(MDI_100 + 7 + SEC))
                .at(MDI_100 + 9).in(advert(HIGHER_ADDRESS, 0)).expect()
                .at(MDI_100 + 11).in(advert(LOWER_ADDRESS, 50)).expect()
                .at(MDI_100 + 7 + SEC).in(fire(ADVER)).expect(send(100), armAdver(MDI_100 + 7 + 2 * SEC)).build());
        cs.add(master("master-answer-holdoff-short-interval1", "6.4.3 (answer once per holdoff: choice)",
                        config(100, 10), 360_937_500L, send(100, 10))
                .at(360_937_500L + 1).in(advert(HIGHER_ADDRESS, 50)).expect(send(100, 10), announce())
                .at(360_937_500L + 1 + 99_999_999L).in(advert(HIGHER_ADDRESS, 50)).expect()
                .at(360_937_500L + 1 + 100_000_000L).in(advert(HIGHER_ADDRESS, 50)).expect(send(100, 10), announce()).build());
        cs.add(master("master-answer-holdoff-capped1", "6.4.3 (answer once per holdoff: choice)",
                        config(100, 400), 14_437_500_000L, send(100, 400))
                .at(14_437_500_000L + 1).in(advert(HIGHER_ADDRESS, 50)).expect(send(100, 400), announce())
                .at(14_437_500_000L + SEC).in(advert(HIGHER_ADDRESS, 50)).expect()
                .at(14_437_500_000L + 1 + SEC).in(advert(HIGHER_ADDRESS, 50)).expect(send(100, 400), announce()).build());
        cs.add(master("master-answer-holdoff-new-term1", "6.4.3 (answer once per holdoff: choice)", 100)
                .at(MDI_100 + 7).in(advert(HIGHER_ADDRESS, 50)).expect(send(100), announce())
                .at(MDI_100 + 8).in(advert(HIGHER_ADDRESS, 200)).expect(cancel(ADVER), send(0), armMd(MDI_100 + 8 + MDI_100),
                        change(MASTER, BACKUP, HIGHER_PRIORITY_ADVERT))
                .at(MDI_100 + 9).in(advert(HIGHER_ADDRESS, 0)).expect(armMd(MDI_100 + 9 + SKEW_100))
                .at(MDI_100 + 9 + SKEW_100).in(fire(MASTER_DOWN)).expect(send(100), announce(),
                        armAdver(MDI_100 + 9 + SKEW_100 + SEC), change(BACKUP, MASTER, PRIORITY_ZERO_RECEIVED))
                .at(MDI_100 + 10 + SKEW_100).in(advert(LOWER_ADDRESS, 50)).expect(send(100), announce()).build());
        cs.add(master("master-own-advert-looped1", "6.4.3 (looped own advert: choice)", 100)
                .at(MDI_100 + 1).in(advert(SELF, 100)).expect().build());
        cs.add(ConformanceCase.named("owner-always-wins1", "6.4.3, 6.1 (owner priority 255)", config(255))
                .at(0).in(startup()).expect(send(255), announce(), armAdver(SEC), accept(true),
                        change(INITIALIZE, MASTER, STARTUP_OWNER))
                .at(1).in(advert(HIGHER_ADDRESS, 254)).expect(send(255), announce())
                .check(r -> assertEquals(MASTER, r.state())).build());

        // ===== Shutdown =====
        cs.add(master("shutdown-master1", "6.4.3", 100)
                .at(MDI_100 + SEC).in(shutdown()).expect(cancel(ADVER), send(0), change(MASTER, INITIALIZE, SHUTDOWN))
                .check(r -> assertNull(r.masterAddress()))
                .at(MDI_100 + SEC).in(fire(ADVER)).expect().build());
        cs.add(ConformanceCase.named("shutdown-master-accept1", "6.4.3", config(255))
                .at(0).in(startup()).expect(send(255), announce(), armAdver(SEC), accept(true),
                        change(INITIALIZE, MASTER, STARTUP_OWNER))
                .at(SEC / 2).in(shutdown()).expect(cancel(ADVER), send(0), accept(false),
                        change(MASTER, INITIALIZE, SHUTDOWN)).build());
        cs.add(ConformanceCase.named("shutdown-backup1", "6.4.2", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(shutdown()).expect(cancel(MASTER_DOWN), change(BACKUP, INITIALIZE, SHUTDOWN))
                .at(MDI_100).in(fire(MASTER_DOWN)).expect().build());
        cs.add(ConformanceCase.named("shutdown-restart1", "6.4.1, 6.4.2", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(SEC).in(advert(HIGHER_ADDRESS, 200, 50)).expect(armMd(SEC + MDI_100_HALF_SECOND))
                .at(2 * SEC).in(shutdown()).expect(cancel(MASTER_DOWN), change(BACKUP, INITIALIZE, SHUTDOWN))
                .at(3 * SEC).in(startup()).expect(armMd(3 * SEC + MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .check(r -> assertEquals(100, r.masterAdverIntervalCs())).build());

        // ===== Interface down / up =====
        cs.add(master("interface-down-master1", "6.4.3 (interface down: choice)", 100)
                .at(MDI_100 + 1).in(down()).expect(cancel(ADVER), change(MASTER, INITIALIZE, INTERFACE_DOWN))
                .at(MDI_100 + SEC).in(fire(ADVER)).expect()
                .at(MDI_100 + SEC).in(advert(HIGHER_ADDRESS, 200)).expect().build());
        cs.add(ConformanceCase.named("interface-down-backup1", "6.4.2 (interface down: choice)", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(1).in(down()).expect(cancel(MASTER_DOWN), change(BACKUP, INITIALIZE, INTERFACE_DOWN))
                .at(MDI_100).in(fire(MASTER_DOWN)).expect().build());
        cs.add(ConformanceCase.named("interface-up1", "6.4.1 (interface up: choice)", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(1).in(down()).expect(cancel(MASTER_DOWN), change(BACKUP, INITIALIZE, INTERFACE_DOWN))
                .at(SEC).in(up()).expect(armMd(SEC + MDI_100), change(INITIALIZE, BACKUP, INTERFACE_UP)).build());
        cs.add(ConformanceCase.named("interface-up-owner1", "6.4.1 (interface up: choice)", config(255))
                .at(0).in(startup()).expect(send(255), announce(), armAdver(SEC), accept(true),
                        change(INITIALIZE, MASTER, STARTUP_OWNER))
                .at(1).in(down()).expect(cancel(ADVER), accept(false), change(MASTER, INITIALIZE, INTERFACE_DOWN))
                .at(SEC).in(up()).expect(send(255), announce(), armAdver(2 * SEC), accept(true),
                        change(INITIALIZE, MASTER, INTERFACE_UP)).build());
        cs.add(ConformanceCase.named("interface-down-before-startup1", "6.4.1 (interface up: choice)", config(100))
                .at(0).in(down()).expect()
                .at(1).in(startup()).expect()
                .check(r -> assertEquals(INITIALIZE, r.state()))
                .at(SEC).in(up()).expect(armMd(SEC + MDI_100), change(INITIALIZE, BACKUP, INTERFACE_UP)).build());
        cs.add(ConformanceCase.named("interface-up-not-started1", "6.4.1 (interface up: choice)", config(100))
                .at(0).in(up()).expect()
                .at(1).in(down()).expect()
                .at(2).in(up()).expect().build());

        // ===== Priority changes (daemon demotes a master whose egress failed) =====
        cs.add(master("priority-change-master1", "6.4.3 (priority change: choice)", 100)
                .at(MDI_100 + 3).in(priority(50)).expect(send(50), armAdver(MDI_100 + 3 + SEC))
                .at(MDI_100 + 3 + SEC).in(fire(ADVER)).expect(send(50), armAdver(MDI_100 + 3 + 2 * SEC))
                .check(r -> assertEquals(50, r.priority())).build());
        cs.add(master("priority-change-master-same1", "6.4.3 (priority change: choice)", 100)
                .at(MDI_100 + 3).in(priority(100)).expect().build());
        cs.add(master("priority-change-demoted-master-yields1", "6.4.3 (priority change: choice)", 100)
                .at(MDI_100 + 3).in(priority(50)).expect(send(50), armAdver(MDI_100 + 3 + SEC))
                .at(MDI_100 + 4).in(advert(LOWER_ADDRESS, 100)).expect(cancel(ADVER), send(0),
                        armMd(MDI_100 + 4 + 3 * SEC + 804_687_500L), change(MASTER, BACKUP, HIGHER_PRIORITY_ADVERT))
                .build());
        cs.add(ConformanceCase.named("priority-change-backup1", "6.4.2, 6.1 (priority change: choice)", config(100))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(1).in(priority(200)).expect()
                .check(r -> {
                    assertEquals(SKEW_200, r.skewTimeNanos());
                    assertEquals(MDI_200, r.masterDownIntervalNanos());
                })
                .at(SEC).in(advert(HIGHER_ADDRESS, 150)).expect()
                .at(MDI_100).in(fire(MASTER_DOWN)).expect(send(200), announce(), armAdver(MDI_100 + SEC),
                        change(BACKUP, MASTER, PREEMPTED)).build());
        cs.add(ConformanceCase.named("priority-change-init1", "6.4.1 (priority change: choice)", config(100))
                .at(0).in(priority(255)).expect()
                .at(1).in(startup()).expect(send(255), announce(), armAdver(1 + SEC),
                        change(INITIALIZE, MASTER, STARTUP_OWNER)).build());

        // ===== IPv6 =====
        cs.add(ConformanceCase.named("ipv6-master-down-timer1", "6.4.2, 6.4.3",
                        new RouterConfig(AddressFamily.IPV6, 7, 100, 100, true, 0, false, SELF6))
                .at(0).in(startup()).expect(armMd(MDI_100), change(INITIALIZE, BACKUP, STARTUP))
                .at(MDI_100).in(fire(MASTER_DOWN)).expect(send(100), announce(), armAdver(MDI_100 + SEC),
                        change(BACKUP, MASTER, MASTER_DOWN_TIMER))
                .at(MDI_100 + 1).in(advert(PEER6, 100)).expect(cancel(ADVER), send(0), armMd(MDI_100 + 1 + MDI_100),
                        change(MASTER, BACKUP, EQUAL_PRIORITY_HIGHER_ADDRESS))
                .check(r -> assertArrayEquals(PEER6, r.masterAddress())).build());
        return cs;
    }
}
