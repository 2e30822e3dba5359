package io.vrrpd.daemon.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Readers share a budget of connections, per user and in all; a freed one can be taken again. */
class ConnectionBudgetTest {
    private final ConnectionBudget budget = new ConnectionBudget(new ControlLimits(2, 3, Duration.ofSeconds(1),
            Duration.ofSeconds(1), 4096));

    private static Caller user(int uid) {
        return new Caller(1, uid, uid, new int[0]);
    }

    @Test
    void eachUserHasItsShareAndAllTogetherTheTotal() {
        assertNull(budget.admit(user(1000)));
        assertNull(budget.admit(user(1000)));
        String third = budget.admit(user(1000));
        assertTrue(third.contains("too many control connections from uid 1000 (2 open)"), third);
        assertNull(budget.admit(user(1001)));
        String full = budget.admit(user(1002));
        assertTrue(full.contains("too many control connections (3 open)"), full);
        budget.release(user(1000));
        assertNull(budget.admit(user(1002)), "a released connection can be taken again");
    }
}
