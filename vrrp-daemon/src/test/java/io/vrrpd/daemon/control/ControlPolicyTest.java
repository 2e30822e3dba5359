package io.vrrpd.daemon.control;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Root and the daemon's user act; the operator group acts; everyone else who can connect reads. */
class ControlPolicyTest {
    private static final int VRRPD = 998;
    private static final int ADMINS = 1500;
    private final ControlPolicy policy = new ControlPolicy(VRRPD, Optional.of("admins"), ADMINS);

    private static Caller caller(int uid, int gid, int... groups) {
        return new Caller(4242, uid, gid, groups);
    }

    @Test
    void rootAndTheDaemonsUserAct() {
        assertTrue(policy.permits(caller(0, 0), ControlRole.ACT));
        assertTrue(policy.permits(caller(VRRPD, VRRPD), ControlRole.ACT));
    }

    @Test
    void theOperatorGroupActsAsPrimaryOrSupplementaryGroup() {
        assertTrue(policy.permits(caller(1000, ADMINS), ControlRole.ACT));
        assertTrue(policy.permits(caller(1000, 1000, 27, ADMINS), ControlRole.ACT));
    }

    @Test
    void anyoneElseOnlyReads() {
        Caller monitoring = caller(1001, 1001, 998);
        assertTrue(policy.permits(monitoring, ControlRole.READ));
        assertFalse(policy.permits(monitoring, ControlRole.ACT));
        assertFalse(ControlPolicy.ownerOnly(VRRPD).permits(caller(1000, ADMINS), ControlRole.ACT),
                "without --operator-group no group acts");
        String refusal = policy.refusal(monitoring, ControlCommand.DRAIN);
        assertTrue(refusal.contains("permission denied") && refusal.contains("uid 1001") && refusal.contains("group admins"), refusal);
    }
}
