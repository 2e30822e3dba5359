package io.vrrpd.rehearse.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One blade of a scenario (the {@code blades.NAME} section).
 *
 * @param name          the key under {@code blades}; also its namespace's name
 * @param daemon        what it runs at the start
 * @param config        its config file, as given (absolute, resolved against the scenario's directory)
 * @param command       which build or binary to run (argv; {@code --config FILE --socket SOCK} for
 *                      vrrpd, keepalived's own options for keepalived are added); null: this
 *                      checkout's vrrpd, or the keepalived on the PATH
 * @param arguments     extra arguments after those (say {@code --metrics 127.0.0.1:9405})
 * @param defaultRoutes the blade's kernel has default routes via the lab's gateways at the start, as
 *                      an earlier configuration left them (a boot with {@code flush-routes} loses them)
 */
public record BladeSpec(String name, Daemon daemon, Path config, List<String> command, List<String> arguments,
                        boolean defaultRoutes) {
    public BladeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(daemon, "daemon");
        Objects.requireNonNull(config, "config");
        command = command == null ? null : List.copyOf(command);
        arguments = List.copyOf(arguments);
    }
}
