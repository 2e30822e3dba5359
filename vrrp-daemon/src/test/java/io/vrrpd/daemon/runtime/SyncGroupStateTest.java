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

class SyncGroupStateTest {
    @Test
    void masterOnlyWhenEveryMemberIs() {
        assertEquals(MASTER, SyncGroupState.of(List.of(MASTER, MASTER)));
        assertEquals(ACTIVATING, SyncGroupState.of(List.of(MASTER, ACTIVATING)));
        assertEquals(ACTIVATING, SyncGroupState.of(List.of(MASTER, BACKUP)));
    }

    @Test
    void theStateThatNeedsAttentionWins() {
        assertEquals(FAULT, SyncGroupState.of(List.of(MASTER, FAULT)));
        assertEquals(EGRESS_FAILED, SyncGroupState.of(List.of(MASTER, EGRESS_FAILED)));
        assertEquals(BACKUP, SyncGroupState.of(List.of(BACKUP, BACKUP)));
        assertEquals(ReportedState.INIT, SyncGroupState.of(List.of()));
    }
}
