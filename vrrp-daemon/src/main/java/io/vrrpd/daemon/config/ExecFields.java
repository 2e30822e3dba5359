package io.vrrpd.daemon.config;

import io.vrrpd.hooks.builtin.ExecHookConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an {@code exec} hook's fields from the YAML tree into its {@link ExecHookConfig},
 * reporting every field of the wrong kind at its line; the values are judged by
 * {@code ExecHookProvider}.
 */
final class ExecFields {
    static final List<String> FIELDS = List.of("command", "timeout");

    private ExecFields() {
    }

    static ExecHookConfig read(Node body, List<String> instances, List<String> syncGroups) {
        body.onlyFields(FIELDS);
        return new ExecHookConfig(instances, syncGroups, command(body.field("command")), body.field("timeout").duration());
    }

    private static List<String> command(Node n) {
        if (!n.isMissing() && !n.json().isArray()) {
            n.problem(n.shown() + " is not a list (no shell is involved)", "a list: [/usr/local/bin/notify, --flag]");
            return null;
        }
        List<String> command = new ArrayList<>();
        boolean ok = true;
        for (Node e : n.elements("a list: [/usr/local/bin/notify, --flag]")) {
            String arg = e.text("a string");
            ok &= arg != null;
            command.add(arg);
        }
        return ok ? command : null;
    }
}
