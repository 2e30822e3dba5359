package io.vrrpd.daemon.logging;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One line per period per cause, with the count held back; time is passed in, so nothing sleeps. */
class LogLimitTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theFirstOccurrenceIsLoggedRepeatsWithinThePeriodAreCountedForTheNextLine() {
        LogLimit limit = new LogLimit(Duration.ofSeconds(60));
        long t0 = Long.MAX_VALUE - 30 * SECOND;   // nanoTime may be anywhere, overflow included
        assertTrue(limit.permit(t0));
        assertEquals(0, limit.heldBack());
        for (int n = 1; n <= 99; n++) {
            assertFalse(limit.permit(t0 + n * 100_000_000L));
        }
        assertFalse(limit.permit(t0 + 59 * SECOND));
        assertTrue(limit.permit(t0 + 60 * SECOND));
        assertEquals(100, limit.heldBack());
    }
}
