package io.vrrpd.daemon.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The whole answer of {@code vrrpctl status --json}: schema version, instances and sync groups. */
@JsonPropertyOrder({"schema", "instances", "sync-groups"})
public record DaemonStatus(
        int schema,
        List<InstanceStatus> instances,
        @JsonProperty("sync-groups") List<SyncGroupStatus> syncGroups) {

    /** Bumped only when a field changes meaning; new fields keep the number. */
    public static final int SCHEMA = 1;
}
