package io.vrrpd.daemon.status;

import java.util.List;

/** One sync group as {@code vrrpctl status --json} shows it. */
public record SyncGroupStatus(String name, String state, List<String> members) {
}
