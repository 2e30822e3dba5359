package io.vrrpd.hooks.builtin;

import io.vrrpd.hooks.HookConfig;

import java.time.Duration;
import java.util.List;

/**
 * Config of the {@code exec} hook (docs/hooks.md).
 *
 * @param instances  instance names the hook is bound to
 * @param syncGroups sync-group names (all members are bound)
 * @param command    program and arguments, no shell; the first element an absolute path
 * @param timeout    how long the program may run, default 5s; then it is killed (TIMEOUT)
 */
public record ExecHookConfig(List<String> instances, List<String> syncGroups, List<String> command, Duration timeout)
        implements HookConfig {
    public ExecHookConfig {
        instances = instances == null ? List.of() : List.copyOf(instances);
        syncGroups = syncGroups == null ? List.of() : List.copyOf(syncGroups);
        command = command == null ? List.of() : List.copyOf(command);
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
    }
}
