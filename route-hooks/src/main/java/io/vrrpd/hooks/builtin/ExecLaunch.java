package io.vrrpd.hooks.builtin;

import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How an exec program is started, and ended. The daemon runs as root or with CAP_NET_ADMIN, so
 * the program gets none of that unless its config says so:
 * <ul>
 *   <li>an environment of its own: {@code PATH} ({@link ExecHookConfig#PATH}) and
 *       {@code LANG=C.UTF-8}, nothing of the daemon's (a unit's {@code Environment=} may hold
 *       secrets);</li>
 *   <li>its own session and process group ({@code setsid}), so a timeout kills everything it
 *       started, also what left its parent;</li>
 *   <li>through {@code setpriv}: the configured user (its groups from the group database) and no
 *       capabilities but the configured ones, in the inheritable and ambient sets, and, when
 *       vrrpd is root, in the bounding set too, so that root's program holds no others.</li>
 * </ul>
 * Both tools are util-linux's, on every Debian system.
 */
final class ExecLaunch {
    static final Path SETSID = Path.of("/usr/bin/setsid");
    static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final int SIGKILL = 9;

    private ExecLaunch() {
    }

    private static final class LibC {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int kill(int pid, int sig);

        static native com.sun.jna.Pointer getpwnam(String name);
    }

    /** {@code struct passwd}: {@code char *pw_name; char *pw_passwd; uid_t pw_uid; gid_t pw_gid; ...} (LP64). */
    private static final int PW_GID_OFFSET = 20;

    /** The process for {@code config}'s command, stdout discarded. */
    static Process start(ExecHookConfig config, boolean root) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(config, root)).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", ExecHookConfig.PATH);
        env.put("LANG", "C.UTF-8");
        return pb.start();
    }

    /** {@code setsid setpriv OPTIONS -- PROGRAM ARGS}. */
    static List<String> command(ExecHookConfig config, boolean root) {
        List<String> cmd = new ArrayList<>(List.of(SETSID.toString(), SETPRIV.toString()));
        if (config.user() != null) {
            OptionalInt gid = primaryGroup(config.user());
            cmd.addAll(List.of("--reuid=" + config.user(), "--regid=" + (gid.isPresent() ? gid.getAsInt() : config.user()),
                    "--init-groups"));
        }
        String keep = capabilityList(config.capabilities());
        cmd.add("--inh-caps=-all" + keep);
        cmd.add("--ambient-caps=-all" + keep);
        if (root) {
            cmd.add("--bounding-set=-all" + keep);
        }
        cmd.add("--");
        cmd.addAll(config.command());
        return cmd;
    }

    /** setpriv's form: {@code ,+net_admin,+net_raw}. */
    private static String capabilityList(List<String> capabilities) {
        StringBuilder b = new StringBuilder();
        for (String c : capabilities) {
            b.append(",+").append(c.toLowerCase(Locale.ROOT).replaceFirst("^cap_", ""));
        }
        return b.toString();
    }

    /** The primary group of {@code user} in the system's user database (NSS), or empty when there is no such user. */
    static synchronized OptionalInt primaryGroup(String user) {
        com.sun.jna.Pointer pw = LibC.getpwnam(user);
        return pw == null ? OptionalInt.empty() : OptionalInt.of(pw.getInt(PW_GID_OFFSET));
    }

    /** Kills the program's whole process group: it leads one of its own ({@code setsid}). */
    static void killGroup(Process p) {
        LibC.kill((int) -p.pid(), SIGKILL);
        p.destroyForcibly();
    }
}
