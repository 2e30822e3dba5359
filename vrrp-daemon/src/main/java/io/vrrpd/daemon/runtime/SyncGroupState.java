package io.vrrpd.daemon.runtime;

import io.vrrpd.hooks.ReportedState;

import java.util.List;

/** The reported state of a sync group, from its members' states. */
final class SyncGroupState {
    private SyncGroupState() {
    }

    /**
     * MASTER only when every member is MASTER; otherwise the member state that most needs an
     * operator's attention: FAULT, then EGRESS_FAILED, then ACTIVATING (a member is master but
     * not every one is verified), then INIT, then BACKUP.
     */
    static ReportedState of(List<ReportedState> members) {
        if (members.isEmpty()) {
            return ReportedState.INIT;
        }
        if (members.stream().allMatch(s -> s == ReportedState.MASTER)) {
            return ReportedState.MASTER;
        }
        for (ReportedState worst : List.of(ReportedState.FAULT, ReportedState.EGRESS_FAILED)) {
            if (members.contains(worst)) {
                return worst;
            }
        }
        if (members.contains(ReportedState.ACTIVATING) || members.contains(ReportedState.MASTER)) {
            return ReportedState.ACTIVATING;
        }
        return members.contains(ReportedState.INIT) ? ReportedState.INIT : ReportedState.BACKUP;
    }
}
