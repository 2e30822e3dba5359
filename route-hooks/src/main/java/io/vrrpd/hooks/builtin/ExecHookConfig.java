package io.vrrpd.hooks.builtin;

import io.vrrpd.hooks.HookConfig;

import java.time.Duration;
import java.util.List;

/**
 * The settings of the {@code exec} hook, the one definition of them (docs/hooks.md): the daemon
 * reads the YAML into this record, {@link ExecHookProvider} judges it, and the hook runs from it.
 *
 * @param instances  instance names the hook is bound to
 * @param syncGroups sync-group names (all members are bound)
 * @param command    program and arguments, no shell; the first element an absolute path
 * @param timeout    how long the program may run, default 5s; then it is killed (TIMEOUT)
 */
public record ExecHookConfig(List<String> instances, List<String> syncGroups, List<String> command, Duration timeout)
        implements HookConfig {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    public ExecHookConfig {
        instances = instances == null ? List.of() : List.copyOf(instances);
        syncGroups = syncGroups == null ? List.of() : List.copyOf(syncGroups);
        command = command == null ? List.of() : List.copyOf(command);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }
}
