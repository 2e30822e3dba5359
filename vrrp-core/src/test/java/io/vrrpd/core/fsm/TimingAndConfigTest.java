package io.vrrpd.core.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.core.AddressFamily;
import java.time.Duration;
import java.util.OptionalInt;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TimingAndConfigTest {

    static final byte[] SELF = {(byte) 192, 0, 2, 10};

    @Test
    void anAdvertIntervalIsAWholeNumberOfCentisecondsTheFieldCarries() {
        assertEquals(OptionalInt.of(1), Timing.advertIntervalCentis(Duration.ofMillis(10)));
        assertEquals(OptionalInt.of(4095), Timing.advertIntervalCentis(Duration.ofMillis(40_950)));
        assertEquals(OptionalInt.empty(), Timing.advertIntervalCentis(Duration.ofMillis(15)));
        assertEquals(OptionalInt.empty(), Timing.advertIntervalCentis(Duration.ZERO));
        assertEquals(OptionalInt.empty(), Timing.advertIntervalCentis(Duration.ofMillis(40_960)));
        assertEquals(Duration.ofSeconds(1), Timing.centisToDuration(Timing.DEFAULT_ADVERT_INTERVAL_CS));
    }

    @Test
    void skewAndMasterDownIntervalAreExact() {
        assertEquals(609_375_000L, Timing.skewTimeNanos(100, 100));
        assertEquals(3_609_375_000L, Timing.masterDownIntervalNanos(100, 100));
        assertEquals(39_062L, Timing.skewTimeNanos(255, 1), "39,062.5 ns rounded down, never 0");
        assertEquals(30_039_062L, Timing.masterDownIntervalNanos(255, 1));
        assertEquals(40_790_039_062L, Timing.skewTimeNanos(1, 4095));
    }

    @Property
    void skewIsPositiveAndBelowOneInterval(@ForAll @IntRange(min = 1, max = 255) int priority,
            @ForAll @IntRange(min = 1, max = 4095) int intervalCs) {
        long skew = Timing.skewTimeNanos(priority, intervalCs);
        long interval = Timing.centisToNanos(intervalCs);
        assertTrue(skew > 0 && skew < interval, "skew " + skew + " for interval " + interval);
        assertEquals(3 * interval + skew, Timing.masterDownIntervalNanos(priority, intervalCs));
        // Exact: 256 * skew is (256 - p) * interval, up to the half nanosecond rounded away.
        long twice = 2 * (256L - priority) * interval;
        assertTrue(twice - 512 * skew >= 0 && twice - 512 * skew < 512);
    }

    @Property
    void higherPriorityHasShorterSkew(@ForAll @IntRange(min = 1, max = 254) int priority,
            @ForAll @IntRange(min = 1, max = 4095) int intervalCs) {
        assertTrue(Timing.skewTimeNanos(priority + 1, intervalCs) < Timing.skewTimeNanos(priority, intervalCs));
    }

    @Test
    void timingRejectsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> Timing.skewTimeNanos(0, 100));
        assertThrows(IllegalArgumentException.class, () -> Timing.skewTimeNanos(256, 100));
        assertThrows(IllegalArgumentException.class, () -> Timing.skewTimeNanos(100, 0));
        assertThrows(IllegalArgumentException.class, () -> Timing.skewTimeNanos(100, 4096));
    }

    @Test
    void configValidates() {
        assertThrows(IllegalArgumentException.class,
                () -> new RouterConfig(AddressFamily.IPV4, 0, 100, 100, true, 0, false, SELF));
        assertThrows(IllegalArgumentException.class,
                () -> new RouterConfig(AddressFamily.IPV4, 256, 100, 100, true, 0, false, SELF));
        assertThrows(IllegalArgumentException.class,
                () -> new RouterConfig(AddressFamily.IPV4, 1, 0, 100, true, 0, false, SELF));
        assertThrows(IllegalArgumentException.class,
                () -> new RouterConfig(AddressFamily.IPV4, 1, 100, 0, true, 0, false, SELF));
        assertThrows(IllegalArgumentException.class,
                () -> new RouterConfig(AddressFamily.IPV4, 1, 100, 100, true, -1, false, SELF));
        IllegalArgumentException wrongLength = assertThrows(IllegalArgumentException.class,
                () -> new RouterConfig(AddressFamily.IPV6, 1, 100, 100, true, 0, false, SELF));
        assertTrue(wrongLength.getMessage().contains("expected: 16 bytes"), wrongLength.getMessage());
    }

    @Test
    void configCopiesAddressAndComparesByValue() {
        byte[] address = SELF.clone();
        RouterConfig a = new RouterConfig(AddressFamily.IPV4, 1, 100, 100, true, 0, false, address);
        address[3] = 99;
        assertEquals(10, a.primaryAddress()[3]);
        assertNotSame(a.primaryAddress(), a.primaryAddress());
        assertEquals(a, new RouterConfig(AddressFamily.IPV4, 1, 100, 100, true, 0, false, SELF));
        assertEquals(a.hashCode(), new RouterConfig(AddressFamily.IPV4, 1, 100, 100, true, 0, false, SELF).hashCode());
    }

    @Test
    void eventsValidate() {
        assertThrows(IllegalArgumentException.class, () -> new Event.AdvertReceived(SELF, 256, 100));
        assertThrows(IllegalArgumentException.class, () -> new Event.AdvertReceived(SELF, 100, 4096));
        assertThrows(IllegalArgumentException.class, () -> new Event.AdvertReceived(new byte[5], 100, 100));
        assertThrows(IllegalArgumentException.class, () -> new Event.PriorityChanged(0));
        assertEquals(new Event.AdvertReceived(SELF.clone(), 1, 2), new Event.AdvertReceived(SELF.clone(), 1, 2));
    }

    @Test
    void advertOfTheOtherFamilyIsAProgrammingError() {
        VirtualRouter router = new VirtualRouter(
                new RouterConfig(AddressFamily.IPV4, 1, 100, 100, true, 0, false, SELF));
        router.handle(new Event.Startup(), 0);
        assertThrows(IllegalArgumentException.class,
                () -> router.handle(new Event.AdvertReceived(new byte[16], 200, 100), 1));
    }

    @Test
    void everyReasonHasText() {
        for (TransitionReason r : TransitionReason.values()) {
            assertTrue(!r.text().isBlank(), r.name());
        }
    }
}
