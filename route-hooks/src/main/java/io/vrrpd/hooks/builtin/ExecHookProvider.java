package io.vrrpd.hooks.builtin;

import io.vrrpd.hooks.Durations;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookConfigProblem;
import io.vrrpd.hooks.HookContext;
import io.vrrpd.hooks.HookProvider;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.kernel.Link;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The built-in {@code exec} hook type: its rules, and the hook. */
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

    @Override
    public List<HookConfigProblem> validate(ExecHookConfig c, List<InstanceRef> instances) {
        List<HookConfigProblem> problems = new ArrayList<>();
        if (c.instances().isEmpty() && c.syncGroups().isEmpty()) {
            problems.add(new HookConfigProblem("instances", "the hook is bound to nothing",
                    "instances or sync-groups naming at least one instance"));
        }
        if (c.command().isEmpty()) {
            problems.add(new HookConfigProblem("command", "no program given",
                    "a list: [/usr/local/bin/notify, --flag]"));
        } else if (!isAbsolute(c.command().get(0))) {
            problems.add(new HookConfigProblem("command[0]", "\"" + c.command().get(0) + "\" is not an absolute path",
                    "the program's absolute path, e.g. /usr/local/bin/notify (no shell, no PATH search)"));
        }
        if (c.timeout().compareTo(ExecHookConfig.MIN_TIMEOUT) < 0 || c.timeout().compareTo(ExecHookConfig.MAX_TIMEOUT) > 0) {
            problems.add(new HookConfigProblem("timeout", Durations.format(c.timeout()) + " is out of range",
                    Durations.format(ExecHookConfig.MIN_TIMEOUT) + " to " + Durations.format(ExecHookConfig.MAX_TIMEOUT)));
        }
        return problems;
    }

    /** The program must exist and be executable on this host: a missing script is found at load, not at failover. */
    @Override
    public List<HookConfigProblem> checkOnHost(ExecHookConfig c, List<Link> links) {
        Path program = Path.of(c.command().get(0));
        if (!Files.exists(program)) {
            return List.of(new HookConfigProblem("command[0]", program + " does not exist", "an installed program"));
        }
        if (Files.isDirectory(program) || !Files.isExecutable(program)) {
            return List.of(new HookConfigProblem("command[0]", program + " is not an executable file", "chmod +x"));
        }
        return List.of();
    }

    private static boolean isAbsolute(String program) {
        try {
            return Path.of(program).isAbsolute();
        } catch (InvalidPathException e) {
            return false;
        }
    }

    @Override
    public Hook create(ExecHookConfig config, HookContext context) {
        return new ExecHook(config);
    }
}
