package io.vrrpd.daemon.runtime;

import io.vrrpd.daemon.config.SyncGroupConfig;
import io.vrrpd.daemon.instance.Instance;
import io.vrrpd.daemon.instance.TransitionListener;
import io.vrrpd.daemon.status.SyncGroupStatus;
import io.vrrpd.hooks.ReportedState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Sync groups at run time: a group moves as one. While a member is in FAULT, is demoted for
 * failed egress, or lost mastership to a better peer, its mates advertise priority 1, so the
 * peer's group takes every member over; once no member is master any more, nothing is held. A
 * group is reported MASTER only when every member is. Loop thread only.
 */
final class SyncGroupPolicy implements TransitionListener {
    /** The priority a held member advertises: the lowest a router can (0 means releasing). */
    static final int HELD_PRIORITY = 1;

    private final Function<String, Instance> running;
    private final Predicate<Instance> demoted;
    private final Consumer<List<Instance>> recompute;
    private Map<String, SyncGroupConfig> groups = Map.of();
    private Map<String, SyncGroupConfig> groupOf = Map.of();
    /** Members that lost mastership to a peer: their mates follow them to backup. */
    private final Set<String> lostToPeer = new HashSet<>();

    /**
     * @param running   the running instance of a name, or null
     * @param demoted   whether an instance advertises a lowered priority for failed egress
     * @param recompute recomputes the advertised priorities of these instances (a mate's changed)
     */
    SyncGroupPolicy(Function<String, Instance> running, Predicate<Instance> demoted, Consumer<List<Instance>> recompute) {
        this.running = running;
        this.demoted = demoted;
        this.recompute = recompute;
    }

    /** The groups of the configuration in force. */
    void configure(Collection<SyncGroupConfig> configured) {
        Map<String, SyncGroupConfig> byName = new LinkedHashMap<>();
        Map<String, SyncGroupConfig> byMember = new HashMap<>();
        for (SyncGroupConfig g : configured) {
            byName.put(g.name(), g);
            g.members().forEach(m -> byMember.put(m, g));
        }
        groups = byName;
        groupOf = byMember;
    }

    /** {@code instance} was stopped or replaced by a reload: what it did is history. */
    void forget(String instance) {
        lostToPeer.remove(instance);
    }

    /** The group mate that holds {@code instance} at {@value #HELD_PRIORITY}, if any. */
    Optional<String> heldBy(Instance instance) {
        SyncGroupConfig group = groupOf.get(instance.name());
        if (group == null) {
            return Optional.empty();
        }
        for (String m : group.members()) {
            Instance mate = running.apply(m);
            if (mate == null || mate == instance) {
                continue;
            }
            if (mate.reportedState() == ReportedState.FAULT || demoted.test(mate) || lostToPeer.contains(m)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Keeps the group together: a member's transition can change what its mates advertise. */
    @Override
    public void transitioned(Instance instance, ReportedState from, ReportedState to, String reason) {
        String name = instance.name();
        if (masterish(from) && to == ReportedState.BACKUP && running.apply(name) != null
                && instance.wantedPriority() == instance.spec().priority()) {
            lostToPeer.add(name); // lost to a better peer, not because we lowered our own priority
        } else if (masterish(to) || to == ReportedState.FAULT || to == ReportedState.INIT) {
            lostToPeer.remove(name);
        }
        // A transition changes only the priorities of its own sync group (heldBy looks at mates
        // only; demotions recompute through the egress supervisor): recomputing every instance
        // here cost a daemon taking over 510 ungrouped instances 510 × 510 passes on its loop.
        SyncGroupConfig group = groupOf.get(name);
        if (group == null) {
            return;
        }
        List<Instance> members = group.members().stream().map(running).filter(Objects::nonNull).toList();
        // Once no member is master any more, the group has moved as one: nothing left to hold.
        if (members.stream().noneMatch(m -> masterish(m.reportedState()))) {
            group.members().forEach(lostToPeer::remove);
        }
        recompute.accept(members);
    }

    /** Every group's reported state, in config order. */
    List<SyncGroupStatus> statuses() {
        List<SyncGroupStatus> out = new ArrayList<>();
        for (SyncGroupConfig g : groups.values()) {
            List<ReportedState> states = g.members().stream().map(running).filter(Objects::nonNull)
                    .map(Instance::reportedState).toList();
            out.add(new SyncGroupStatus(g.name(), stateOf(states).name(), g.members()));
        }
        return out;
    }

    /**
     * MASTER only when every member is MASTER; otherwise the member state that most needs an
     * operator's attention: FAULT, then EGRESS_FAILED, then ACTIVATING (a member is master but
     * not every one is verified), then INIT, then BACKUP.
     */
    static ReportedState stateOf(List<ReportedState> members) {
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

    private static boolean masterish(ReportedState s) {
        return s == ReportedState.ACTIVATING || s == ReportedState.MASTER || s == ReportedState.EGRESS_FAILED;
    }
}
