package io.vrrpd.daemon.status;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One instance as {@code vrrpctl status --json} shows it. The field names are the contract of
 * DESIGN.md; add fields, never rename them.
 */
@JsonPropertyOrder({"name", "family", "vrid", "interface", "state", "protocol-state", "priority",
        "effective-priority", "master", "last-transition", "egress", "counters", "trackers"})
public record InstanceStatus(
        String name,
        String family,
        int vrid,
        @JsonProperty("interface") String interfaceName,
        String state,
        @JsonProperty("protocol-state") String protocolState,
        int priority,
        @JsonProperty("effective-priority") int effectivePriority,
        String master,
        @JsonProperty("last-transition") Transition lastTransition,
        Egress egress,
        Counters counters,
        List<TrackerStatus> trackers) {

    public InstanceStatus {
        trackers = trackers == null ? List.of() : List.copyOf(trackers);
    }

    /** An instance that tracks nothing. */
    public InstanceStatus(String name, String family, int vrid, String interfaceName, String state, String protocolState,
                          int priority, int effectivePriority, String master, Transition lastTransition, Egress egress,
                          Counters counters) {
        this(name, family, vrid, interfaceName, state, protocolState, priority, effectivePriority, master,
                lastTransition, egress, counters, List.of());
    }

    /** The same status with {@code trackers}' states. */
    public InstanceStatus withTrackers(List<TrackerStatus> rows) {
        return new InstanceStatus(name, family, vrid, interfaceName, state, protocolState, priority, effectivePriority,
                master, lastTransition, egress, counters, rows);
    }

    /** The last reported-state change: when (ISO-8601 UTC), from, to and why. */
    public record Transition(String at, String from, String to, String reason) {
    }

    /** The last egress verification; {@code verified} false with a null {@code at} when none ran yet. */
    public record Egress(boolean verified, String at, String detail) {
    }

    /** Per-instance counters, named after RFC 6527 where it names them. */
    @JsonPropertyOrder({"adverts-sent", "adverts-received", "priority-zero-sent", "priority-zero-received",
            "master-transitions", "rejected", "interval-mismatches", "address-list-mismatches", "vips-restored",
            "routes-restored", "unicast-send-failures", "send-failures", "adverts-coalesced", "owner-conflicts", "multiple-owners",
            "task-failures"})
    public record Counters(
            @JsonProperty("adverts-sent") long advertsSent,
            @JsonProperty("adverts-received") long advertsReceived,
            @JsonProperty("priority-zero-sent") long priorityZeroSent,
            @JsonProperty("priority-zero-received") long priorityZeroReceived,
            @JsonProperty("master-transitions") long masterTransitions,
            java.util.Map<String, Long> rejected,
            @JsonProperty("interval-mismatches") long intervalMismatches,
            @JsonProperty("address-list-mismatches") long addressListMismatches,
            @JsonProperty("vips-restored") long vipsRestored,
            @JsonProperty("routes-restored") long routesRestored,
            @JsonProperty("unicast-send-failures") java.util.Map<String, Long> unicastSendFailures,
            @JsonProperty("send-failures") long sendFailures,
            @JsonProperty("adverts-coalesced") long advertsCoalesced,
            @JsonProperty("owner-conflicts") long ownerConflicts,
            @JsonProperty("multiple-owners") long multipleOwners,
            @JsonProperty("task-failures") long taskFailures) {

        /** Counters of a multicast instance (no unicast send failures) that nothing unusual happened to. */
        public Counters(long advertsSent, long advertsReceived, long priorityZeroSent, long priorityZeroReceived,
                        long masterTransitions, java.util.Map<String, Long> rejected, long intervalMismatches,
                        long addressListMismatches, long vipsRestored, long routesRestored) {
            this(advertsSent, advertsReceived, priorityZeroSent, priorityZeroReceived, masterTransitions, rejected,
                    intervalMismatches, addressListMismatches, vipsRestored, routesRestored, java.util.Map.of(), 0, 0, 0, 0,
                    0);
        }
    }
}
