package io.vrrpd.core.fsm;

import static io.vrrpd.core.fsm.ProtocolState.BACKUP;
import static io.vrrpd.core.fsm.ProtocolState.INITIALIZE;
import static io.vrrpd.core.fsm.ProtocolState.MASTER;
import static io.vrrpd.core.fsm.TimerKind.ADVER;
import static io.vrrpd.core.fsm.TimerKind.MASTER_DOWN;
import static io.vrrpd.core.fsm.TransitionReason.MASTER_DOWN_TIMER;
import static io.vrrpd.core.fsm.TransitionReason.STARTUP;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;

/**
 * The small language the conformance cases are written in ({@link ConformanceTest},
 * {@link V2ConformanceTest}, {@link MixedModeConformanceTest}): configurations, events, effects,
 * the {@code master(...)} preamble, and the runner that replays every case from two clock starts.
 *
 * <p>Timing literals (priority / Master_Adver_Interval, Skew_Time, Master_Down_Interval):
 * 100/1 s: 609,375,000 ns, 3,609,375,000 ns; 200/1 s: 218,750,000 ns, 3,218,750,000 ns;
 * 100/0.5 s: 304,687,500 ns, 1,804,687,500 ns; 100/2 s: 1,218,750,000 ns, 7,218,750,000 ns.
 * VRRPv2 skews do not depend on the interval: priority 100: 609,375,000 ns; priority 200:
 * 218,750,000 ns.
 */
final class ConformanceDsl {

    static final long SEC = 1_000_000_000L;
    static final long SKEW_100 = 609_375_000L;
    static final long MDI_100 = 3_609_375_000L;
    static final long SKEW_200 = 218_750_000L;
    static final long MDI_200 = 3_218_750_000L;
    static final long MDI_100_HALF_SECOND = 1_804_687_500L;
    static final long MDI_100_TWO_SECONDS = 7_218_750_000L;

    static final byte[] SELF = ip(192, 0, 2, 10);
    static final byte[] LOWER_ADDRESS = ip(192, 0, 2, 5);
    static final byte[] HIGHER_ADDRESS = ip(192, 0, 2, 20);
    /** Higher than SELF only in an unsigned comparison (200 is negative as a Java byte). */
    static final byte[] HIGH_BYTE_ADDRESS = ip(192, 0, 2, 200);
    /** VRRPv2 Skew_Time, (256 - Priority) / 256 s, and Master_Down_Interval at 1 s and 2 s. */
    static final long V2_SKEW_100 = 609_375_000L;
    static final long V2_MDI_100 = 3_609_375_000L;
    static final long V2_SKEW_200 = 218_750_000L;
    static final long V2_MDI_100_TWO_SECONDS = 6_609_375_000L;
    static final byte[] SELF6 = ip6(0x10);
    static final byte[] PEER6 = ip6(0x80);

    /** Every case runs from both: 0, and just below the wrap so that deadlines wrap. */
    static final long[] STARTS = {0L, Long.MAX_VALUE - SEC};

    private ConformanceDsl() {
    }

    /** Each case as a container of two runs, one per start. */
    static Stream<DynamicContainer> dynamicTests(List<ConformanceCase> cases) {
        return cases.stream().map(c -> DynamicContainer.dynamicContainer(c.toString(),
                Stream.of(
                        DynamicTest.dynamicTest("start=0", () -> c.run(STARTS[0])),
                        DynamicTest.dynamicTest("start=MAX-1s", () -> c.run(STARTS[1])))));
    }

    /** A P{@code priority} router that has started and become Master at {@code MDI(priority)}. */
    static ConformanceCase.Builder master(String name, String section, int priority) {
        long mdi = Timing.masterDownIntervalNanos(priority, 100);
        return ConformanceCase.named(name, section, config(priority))
                .at(0).in(startup()).expect(armMd(mdi), change(INITIALIZE, BACKUP, STARTUP))
                .at(mdi).in(fire(MASTER_DOWN)).expect(send(priority), announce(), armAdver(mdi + SEC),
                        change(BACKUP, MASTER, MASTER_DOWN_TIMER));
    }

    static RouterConfig config(int priority) {
        return config(priority, 100);
    }

    static RouterConfig config(int priority, int intervalCs) {
        return config(priority, intervalCs, true, 0, false);
    }

    static RouterConfig config(int priority, int intervalCs, boolean preempt, long delay, boolean accept) {
        return new RouterConfig(AddressFamily.IPV4, 51, priority, intervalCs, preempt, delay, accept, SELF);
    }

    /** A VRRPv2 router (RFC 3768) at {@code priority}, 1 s, preempt on. */
    static RouterConfig v2config(int priority) {
        return v2config(priority, 100);
    }

    static RouterConfig v2config(int priority, int intervalCs) {
        return config(priority, intervalCs).withVersion(VrrpVersion.V2);
    }

    /** A VRRPv3 router in mixed mode (RFC 9568 section 8.4) at {@code priority}, {@code intervalCs}. */
    static RouterConfig mixedConfig(int priority, int intervalCs) {
        return config(priority, intervalCs).withAcceptV2(true);
    }

    /** The preamble of {@link #master} for any configuration: started, and Master at its Master_Down_Interval. */
    static ConformanceCase.Builder master(String name, String section, RouterConfig config, long mdi,
            Effect... adverts) {
        Effect[] entry = new Effect[adverts.length + 3];
        System.arraycopy(adverts, 0, entry, 0, adverts.length);
        entry[adverts.length] = announce();
        entry[adverts.length + 1] = armAdver(mdi + Timing.centisToNanos(config.advertIntervalCs()));
        entry[adverts.length + 2] = change(BACKUP, MASTER, MASTER_DOWN_TIMER);
        return ConformanceCase.named(name, section, config)
                .at(0).in(startup()).expect(armMd(mdi), change(INITIALIZE, BACKUP, STARTUP))
                .at(mdi).in(fire(MASTER_DOWN)).expect(entry);
    }

    static byte[] ip(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    static byte[] ip6(int last) {
        byte[] a = new byte[16];
        a[0] = (byte) 0xfe;
        a[1] = (byte) 0x80;
        a[15] = (byte) last;
        return a;
    }

    static Event startup() {
        return new Event.Startup();
    }

    static Event shutdown() {
        return new Event.Shutdown();
    }

    static Event up() {
        return new Event.InterfaceUp();
    }

    static Event down() {
        return new Event.InterfaceDown();
    }

    static Event priority(int p) {
        return new Event.PriorityChanged(p);
    }

    static Event fire(TimerKind timer) {
        return new Event.TimerFired(timer);
    }

    static Event advert(byte[] from, int priority) {
        return advert(from, priority, 100);
    }

    static Event advert(byte[] from, int priority, int intervalCs) {
        return new Event.AdvertReceived(from, priority, intervalCs);
    }

    static Event advertV2(byte[] from, int priority) {
        return advertV2(from, priority, 100);
    }

    static Event advertV2(byte[] from, int priority, int intervalCs) {
        return new Event.AdvertReceived(from, priority, intervalCs, VrrpVersion.V2);
    }

    static Effect send(int priority) {
        return new Effect.SendAdvert(priority, 100);
    }

    static Effect send(int priority, int intervalCs) {
        return new Effect.SendAdvert(priority, intervalCs);
    }

    static Effect sendV2(int priority) {
        return sendV2(priority, 100);
    }

    static Effect sendV2(int priority, int intervalCs) {
        return new Effect.SendAdvert(priority, intervalCs, VrrpVersion.V2);
    }

    static Effect announce() {
        return new Effect.Announce();
    }

    static Effect accept(boolean on) {
        return new Effect.AcceptMode(on);
    }

    static Effect armAdver(long at) {
        return new Effect.ArmTimer(ADVER, at);
    }

    static Effect armMd(long at) {
        return new Effect.ArmTimer(MASTER_DOWN, at);
    }

    static Effect cancel(TimerKind timer) {
        return new Effect.CancelTimer(timer);
    }

    static Effect change(ProtocolState from, ProtocolState to, TransitionReason reason) {
        return new Effect.StateChange(from, to, reason);
    }
}
