package io.vrrpd.hooks.builtin;

import io.vrrpd.hooks.Durations;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookConfigProblem;
import io.vrrpd.hooks.HookContext;
import io.vrrpd.hooks.HookProvider;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.TrustedPath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The built-in {@code exec} hook type: its rules, and the hook. */
public final class ExecHookProvider implements HookProvider<ExecHookConfig> {
    public static final String TYPE = "exec";

    /** Linux's capabilities by number (capability.h), as the config names them. */
    static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
            "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
            "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN",
            "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
            "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
            "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

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
        for (int i = 0; i < c.capabilities().size(); i++) {
            String cap = c.capabilities().get(i);
            if (!CAPABILITIES.contains(cap)) {
                problems.add(new HookConfigProblem("capabilities[" + i + "]", "\"" + cap + "\" is not a Linux capability",
                        "a name such as CAP_NET_ADMIN or CAP_NET_RAW"));
            }
        }
        if (c.user() != null && c.user().isBlank()) {
            problems.add(new HookConfigProblem("user", "is empty", "a user name, e.g. nobody; or leave it out"));
        }
        if (c.timeout().compareTo(ExecHookConfig.MIN_TIMEOUT) < 0 || c.timeout().compareTo(ExecHookConfig.MAX_TIMEOUT) > 0) {
            problems.add(new HookConfigProblem("timeout", Durations.format(c.timeout()) + " is out of range",
                    Durations.format(ExecHookConfig.MIN_TIMEOUT) + " to " + Durations.format(ExecHookConfig.MAX_TIMEOUT)));
        }
        return problems;
    }

    /**
     * The program must exist, be executable, and be changeable by nobody but root and vrrpd's
     * user, all the way up its path (keepalived's {@code enable_script_security}): it runs with
     * the daemon's privileges when its turn comes, and a missing or tampered script is found at
     * load, not at failover. The user must exist, and the capabilities must be vrrpd's to give.
     */
    @Override
    public List<HookConfigProblem> checkOnHost(ExecHookConfig c, List<Link> links) {
        List<HookConfigProblem> problems = new ArrayList<>();
        Path program = Path.of(c.command().get(0));
        if (!Files.exists(program)) {
            return List.of(new HookConfigProblem("command[0]", program + " does not exist", "an installed program"));
        }
        if (Files.isDirectory(program) || !Files.isExecutable(program)) {
            return List.of(new HookConfigProblem("command[0]", program + " is not an executable file", "chmod +x"));
        }
        try {
            TrustedPath.problem(program, TrustedPath.effectiveUid()).ifPresent(p -> problems.add(new HookConfigProblem(
                    "command[0]", p + ": another user could change what vrrpd runs",
                    "a program owned by root (or vrrpd's user) that only its owner can write, in directories likewise")));
        } catch (IOException e) {
            problems.add(new HookConfigProblem("command[0]", "cannot check " + program + ": " + e.getMessage(), "a readable path"));
        }
        for (Path tool : List.of(ExecLaunch.SETSID, ExecLaunch.SETPRIV)) {
            if (!Files.isExecutable(tool)) {
                problems.add(new HookConfigProblem("command", tool + " is missing; exec hooks start programs through it",
                        "apt-get install util-linux"));
            }
        }
        if (c.user() != null && ExecLaunch.primaryGroup(c.user()).isEmpty()) {
            problems.add(new HookConfigProblem("user", "no user '" + c.user() + "' on this host", "an existing user"));
        }
        long held = permittedCapabilities();
        for (int i = 0; i < c.capabilities().size(); i++) {
            int bit = CAPABILITIES.indexOf(c.capabilities().get(i));
            if (bit >= 0 && (held & (1L << bit)) == 0) {
                problems.add(new HookConfigProblem("capabilities[" + i + "]", c.capabilities().get(i)
                        + " is not a capability vrrpd holds, so it cannot hand it on", "one of vrrpd's own (CapPrm)"));
            }
        }
        return problems;
    }

    /** CapPrm of this process; all bits when it cannot be read. */
    private static long permittedCapabilities() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapPrm:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown: let setpriv say
        }
        return -1L;
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
        boolean root;
        try {
            root = TrustedPath.effectiveUid() == 0;
        } catch (IOException e) {
            root = true; // empty the bounding set if we can; setpriv says if we cannot
        }
        return new ExecHook(config, root);
    }
}
