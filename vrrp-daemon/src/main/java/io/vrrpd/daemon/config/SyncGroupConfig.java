package io.vrrpd.daemon.config;

import java.util.List;
import java.util.Objects;

/**
 * Instances that change state together (the {@code sync-groups.NAME} section): the group is
 * MASTER only when every member is.
 */
public record SyncGroupConfig(String name, List<String> members) {

    public SyncGroupConfig {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
    }
}
