package io.vrrpd.daemon.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the {@code exec} hook: run a command on every transition of the bound
 * instances, with the event as JSON on its stdin, killed after {@code timeout}.
 *
 * @param command program and arguments, no shell; the program is an absolute path
 * @param timeout deadline of one run
 */
public record ExecHook(List<String> command, Duration timeout) implements HookSettings {

    static final HookType<ExecHook> TYPE = new Type();

    public ExecHook {
        command = List.copyOf(command);
        Objects.requireNonNull(timeout, "timeout");
        if (command.isEmpty() || !command.get(0).startsWith("/")) {
            throw new IllegalArgumentException("command must start with an absolute path: " + command);
        }
    }

    private static final class Type implements TreeHookType<ExecHook> {
        @Override
        public String name() {
            return "exec";
        }

        @Override
        public Class<ExecHook> settingsType() {
            return ExecHook.class;
        }

        @Override
        public ExecHook parse(Node body) {
            body.onlyFields(List.of("command", "timeout"));
            String hint = "a list: [/usr/local/bin/notify, --flag]";
            Node cmd = body.field("command");
            List<String> command = new ArrayList<>();
            boolean ok = true;
            if (cmd.isMissing()) {
                cmd.required();
                ok = false;
            } else if (!cmd.json().isArray()) {
                cmd.problem(cmd.shown() + " is not a list (no shell is involved)", hint);
                ok = false;
            } else if (cmd.json().isEmpty()) {
                cmd.problem("the command is empty", hint);
                ok = false;
            }
            List<Node> elements = ok ? cmd.elements(hint) : List.of();
            for (Node e : elements) {
                String arg = e.text("a string");
                if (arg == null) {
                    ok = false;
                } else {
                    command.add(arg);
                }
            }
            if (!elements.isEmpty() && elements.get(0).json().isTextual() && !command.get(0).startsWith("/")) {
                elements.get(0).problem("\"" + command.get(0) + "\" is not an absolute path",
                        "the program's absolute path, e.g. /usr/local/bin/notify");
                ok = false;
            }
            Duration timeout = body.field("timeout").duration(Duration.ofSeconds(5), Duration.ofMillis(100),
                    Duration.ofHours(1));
            return ok && timeout != null ? new ExecHook(command, timeout) : null;
        }
    }
}
