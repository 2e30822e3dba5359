package io.vrrpd.core.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Arbitrary event sequences, including ones no sane driver sends (repeated startups, early and
 * stale timer firings, looped-back adverts, interval 0), from a clock near the wrap, for VRRPv3,
 * VRRPv2 and mixed-mode routers. The effects must alone describe the timers: a driver that only
 * follows ArmTimer/CancelTimer (and treats an honoured firing as consuming its timer) always
 * agrees with the router about what is armed. Every advert sent is of a version the router
 * sends, with its interval for that version, and a mixed-mode router sends them in pairs.
 */
class EventSequencePropertyTest {

    static final byte[] SELF = {(byte) 192, 0, 2, 10};

    @Property(tries = 400)
    void effectsDescribeTimersAndStates(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int priority = rnd.nextInt(10) == 0 ? 255 : 1 + rnd.nextInt(254);
        VrrpVersion version = rnd.nextInt(3) == 0 ? VrrpVersion.V2 : VrrpVersion.V3;
        boolean mixed = version == VrrpVersion.V3 && rnd.nextBoolean();
        int interval = version == VrrpVersion.V2 ? 100 * (1 + rnd.nextInt(3)) : 1 + rnd.nextInt(300);
        RouterConfig config = new RouterConfig(AddressFamily.IPV4, 9, priority, interval, rnd.nextBoolean(),
                rnd.nextBoolean() ? 0 : rnd.nextLong(5_000_000_000L), rnd.nextBoolean(), SELF, version, mixed,
                version == VrrpVersion.V3 && rnd.nextBoolean() ? 1 + rnd.nextInt(500) : 0);
        VirtualRouter router = new VirtualRouter(config);
        Map<TimerKind, Long> driver = new EnumMap<>(TimerKind.class);
        ProtocolState state = ProtocolState.INITIALIZE;
        long now = Long.MAX_VALUE - rnd.nextLong(20_000_000_000L);

        for (int step = 0; step < 300; step++) {
            now += rnd.nextInt(4) == 0 ? 0 : rnd.nextLong(Timing.centisToNanos(interval) * 2);
            Event event = randomEvent(rnd, config);
            if (event instanceof Event.TimerFired fired && rnd.nextBoolean() && driver.containsKey(fired.timer())) {
                now = Math.max(now - driver.get(fired.timer()), 0) + driver.get(fired.timer()); // at/after deadline
            }
            if (event instanceof Event.TimerFired fired && driver.containsKey(fired.timer())
                    && now - driver.get(fired.timer()) >= 0 && timerBelongsTo(fired.timer(), state)) {
                driver.remove(fired.timer()); // an honoured firing consumes the timer
            }
            List<Effect> effects = router.handle(event, now);
            String where = "seed " + seed + " step " + step + " " + event + " -> " + effects;
            int changes = 0;
            for (int i = 0; i < effects.size(); i++) {
                Effect e = effects.get(i);
                if (e instanceof Effect.ArmTimer arm) {
                    assertTrue(arm.deadlineNanos() - now > 0, "deadline not in the future: " + where);
                    driver.put(arm.timer(), arm.deadlineNanos());
                } else if (e instanceof Effect.CancelTimer cancel) {
                    assertTrue(driver.remove(cancel.timer()) != null, "cancelled an unarmed timer: " + where);
                } else if (e instanceof Effect.SendAdvert send) {
                    if (send.priority() == 0) {
                        // a release: on Shutdown, or by a Master yielding to a better advert
                        boolean yields = event instanceof Event.AdvertReceived && state == ProtocolState.MASTER
                                && router.state() == ProtocolState.BACKUP;
                        assertTrue(event instanceof Event.Shutdown || yields, "priority 0 outside a release: " + where);
                    } else {
                        assertEquals(router.priority(), send.priority(), where);
                    }
                    if (send.version() == VrrpVersion.V3) {
                        assertTrue(config.sendsV3(), where);
                        assertEquals(interval, send.intervalCs(), where);
                        if (mixed) {
                            assertEquals(new Effect.SendAdvert(send.priority(), config.v2AdvertIntervalCs(),
                                    VrrpVersion.V2), effects.get(i + 1), "VRRPv2 after VRRPv3: " + where);
                        }
                    } else {
                        assertTrue(config.sendsV2(), where);
                        assertEquals(config.v2AdvertIntervalCs(), send.intervalCs(), where);
                        assertEquals(0, send.intervalCs() % 100, where);
                        if (mixed) {
                            assertEquals(VrrpVersion.V3, ((Effect.SendAdvert) effects.get(i - 1)).version(), where);
                        }
                    }
                } else if (e instanceof Effect.StateChange change) {
                    changes++;
                    assertEquals(state, change.from(), where);
                    assertEquals(effects.size() - 1, i, "StateChange not last: " + where);
                    state = change.to();
                }
            }
            assertTrue(changes <= 1, where);
            assertEquals(state, router.state(), where);
            for (TimerKind kind : TimerKind.values()) {
                assertEquals(driver.containsKey(kind), router.isArmed(kind), kind + " armed? " + where);
                if (driver.containsKey(kind)) {
                    assertEquals((long) driver.get(kind), router.deadline(kind), where);
                }
            }
            switch (state) {
                case MASTER -> assertTrue(driver.containsKey(TimerKind.ADVER) && !driver.containsKey(TimerKind.MASTER_DOWN), where);
                case BACKUP -> assertTrue(driver.containsKey(TimerKind.MASTER_DOWN) && !driver.containsKey(TimerKind.ADVER), where);
                case INITIALIZE -> assertTrue(driver.isEmpty(), where);
                default -> fail(where);
            }
        }
    }

    private static boolean timerBelongsTo(TimerKind timer, ProtocolState state) {
        return timer == TimerKind.ADVER ? state == ProtocolState.MASTER : state == ProtocolState.BACKUP;
    }

    private static Event randomEvent(SplittableRandom rnd, RouterConfig config) {
        switch (rnd.nextInt(12)) {
            case 0: return new Event.Startup();
            case 1: return new Event.Shutdown();
            case 2: return new Event.InterfaceUp();
            case 3: return new Event.InterfaceDown();
            case 4: return new Event.PriorityChanged(1 + rnd.nextInt(255));
            case 5:
            case 6: return new Event.TimerFired(rnd.nextBoolean() ? TimerKind.ADVER : TimerKind.MASTER_DOWN);
            default:
                byte[] from = rnd.nextInt(10) == 0 ? SELF.clone()
                        : new byte[] {(byte) 192, 0, 2, (byte) (1 + rnd.nextInt(254))};
                int p = rnd.nextInt(5) == 0 ? 0 : rnd.nextInt(256);
                boolean v2 = config.version() == VrrpVersion.V2 || (config.acceptV2() && rnd.nextBoolean());
                int advertised = rnd.nextInt(10) == 0 ? 0 : v2 ? 100 * (1 + rnd.nextInt(255)) : 1 + rnd.nextInt(4095);
                return new Event.AdvertReceived(from, p, advertised, v2 ? VrrpVersion.V2 : VrrpVersion.V3);
        }
    }
}
