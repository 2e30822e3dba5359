package io.vrrpd.daemon.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The whole answer of {@code vrrpctl status --json}: schema version, instances, sync groups and health. */
@JsonPropertyOrder({"schema", "startup-delay", "instances", "sync-groups", "health"})
public record DaemonStatus(
        int schema,
        List<InstanceStatus> instances,
        @JsonProperty("sync-groups") List<SyncGroupStatus> syncGroups,
        Health health,
        @JsonProperty("startup-delay") @com.fasterxml.jackson.annotation.JsonInclude(
                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) StartupDelay startupDelay) {

    /**
     * While {@code startup-delay} holds every instance in INIT: when it ends (ISO-8601 UTC) and how
     * long is left, in milliseconds. Absent once it has passed, or when none is configured.
     */
    public record StartupDelay(String until, @JsonProperty("remaining-ms") long remainingMs) {
    }

    /** A status outside a startup delay. */
    public DaemonStatus(int schema, List<InstanceStatus> instances, List<SyncGroupStatus> syncGroups, Health health) {
        this(schema, instances, syncGroups, health, null);
    }

    /** A status without health facts (tests, tools that render instances only). */
    public DaemonStatus(int schema, List<InstanceStatus> instances, List<SyncGroupStatus> syncGroups) {
        this(schema, instances, syncGroups, Health.UNKNOWN);
    }

    /** Bumped only when a field changes meaning; new fields keep the number. */
    public static final int SCHEMA = 1;
}
