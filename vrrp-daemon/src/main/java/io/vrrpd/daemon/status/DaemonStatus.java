package io.vrrpd.daemon.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The whole answer of {@code vrrpctl status --json}: schema version, instances, sync groups and health. */
@JsonPropertyOrder({"schema", "instances", "sync-groups", "health"})
public record DaemonStatus(
        int schema,
        List<InstanceStatus> instances,
        @JsonProperty("sync-groups") List<SyncGroupStatus> syncGroups,
        Health health) {

    /** A status without health facts (tests, tools that render instances only). */
    public DaemonStatus(int schema, List<InstanceStatus> instances, List<SyncGroupStatus> syncGroups) {
        this(schema, instances, syncGroups, Health.UNKNOWN);
    }

    /** Bumped only when a field changes meaning; new fields keep the number. */
    public static final int SCHEMA = 1;
}
