package io.vrrpd.daemon.track;

import static io.vrrpd.daemon.track.TrackerReading.Health.FAILING;
import static io.vrrpd.daemon.track.TrackerReading.Health.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RiseFallTest {
    @Test
    void theFirstRunDecidesThenRiseAndFallCountRunsInARow() {
        RiseFall v = new RiseFall(2, 3);
        assertEquals(OK, v.next(true), "the first run decides at once");
        assertEquals(OK, v.next(false));
        assertEquals(OK, v.next(false));
        assertEquals(2, v.streak());
        assertEquals(FAILING, v.next(false), "the third failure in a row");
        assertEquals(FAILING, v.next(true));
        assertEquals(FAILING, v.next(false), "a failure breaks the rise");
        assertEquals(FAILING, v.next(true));
        assertEquals(OK, v.next(true), "two successes in a row");
        assertEquals(0, v.streak());
    }

    @Test
    void aFirstFailureIsFailingAtOnce() {
        assertEquals(FAILING, new RiseFall(5, 5).next(false));
    }
}
