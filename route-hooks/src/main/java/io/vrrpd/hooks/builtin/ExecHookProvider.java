package io.vrrpd.hooks.builtin;

import io.vrrpd.hooks.ConfigProblem;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookContext;
import io.vrrpd.hooks.HookProvider;
import io.vrrpd.hooks.InstanceRef;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The built-in {@code exec} hook type. */
public final class ExecHookProvider implements HookProvider<ExecHookConfig> {
    public static final String TYPE = "exec";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<ExecHookConfig> configType() {
        return ExecHookConfig.class;
    }

    /** The program must exist and be executable now: a missing script is found at load, not at failover. */
    @Override
    public List<ConfigProblem> validate(ExecHookConfig c, List<InstanceRef> instances) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (c.instances().isEmpty() && c.syncGroups().isEmpty()) {
            problems.add(new ConfigProblem("instances", "the hook is bound to nothing (expected: instances or sync-groups naming at least one instance)"));
        }
        if (c.command().isEmpty()) {
            problems.add(new ConfigProblem("command", "missing (expected: [/absolute/path/to/program, args...])"));
        } else {
            String program = c.command().get(0);
            try {
                Path path = Path.of(program);
                if (!path.isAbsolute()) {
                    problems.add(new ConfigProblem("command[0]", "'" + program + "' is not an absolute path (expected: e.g. /usr/local/bin/on-transition; no shell, no PATH search)"));
                } else if (!Files.exists(path)) {
                    problems.add(new ConfigProblem("command[0]", program + " does not exist"));
                } else if (Files.isDirectory(path) || !Files.isExecutable(path)) {
                    problems.add(new ConfigProblem("command[0]", program + " is not an executable file (expected: chmod +x)"));
                }
            } catch (InvalidPathException e) {
                problems.add(new ConfigProblem("command[0]", "'" + program + "' is not a path: " + e.getMessage()));
            }
        }
        if (c.timeout().isNegative() || c.timeout().isZero()) {
            problems.add(new ConfigProblem("timeout", c.timeout() + " (expected: more than zero, e.g. 5s)"));
        }
        return problems;
    }

    @Override
    public Hook create(ExecHookConfig config, HookContext context) {
        return new ExecHook(config);
    }
}
