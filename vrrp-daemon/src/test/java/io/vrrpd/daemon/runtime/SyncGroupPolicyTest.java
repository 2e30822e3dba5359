package io.vrrpd.daemon.runtime;

import io.vrrpd.hooks.ReportedState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vrrpd.hooks.ReportedState.ACTIVATING;
import static io.vrrpd.hooks.ReportedState.BACKUP;
import static io.vrrpd.hooks.ReportedState.EGRESS_FAILED;
import static io.vrrpd.hooks.ReportedState.FAULT;
import static io.vrrpd.hooks.ReportedState.MASTER;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SyncGroupPolicyTest {
    @Test
    void masterOnlyWhenEveryMemberIs() {
        assertEquals(MASTER, SyncGroupPolicy.stateOf(List.of(MASTER, MASTER)));
        assertEquals(ACTIVATING, SyncGroupPolicy.stateOf(List.of(MASTER, ACTIVATING)));
        assertEquals(ACTIVATING, SyncGroupPolicy.stateOf(List.of(MASTER, BACKUP)));
    }

    @Test
    void theStateThatNeedsAttentionWins() {
        assertEquals(FAULT, SyncGroupPolicy.stateOf(List.of(MASTER, FAULT)));
        assertEquals(EGRESS_FAILED, SyncGroupPolicy.stateOf(List.of(MASTER, EGRESS_FAILED)));
        assertEquals(BACKUP, SyncGroupPolicy.stateOf(List.of(BACKUP, BACKUP)));
        assertEquals(ReportedState.INIT, SyncGroupPolicy.stateOf(List.of()));
    }
}
