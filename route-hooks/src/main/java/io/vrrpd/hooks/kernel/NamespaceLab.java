package io.vrrpd.hooks.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The one namespace primitive every lab in the project builds on: network namespaces for one
 * run, named with a per-run prefix, joined by veth pairs, and always torn down. {@link #close()}
 * kills every process still in one of its namespaces (by PID, from {@code ip netns pids}) and
 * deletes the namespaces, even when the run failed.
 *
 * <p>It lives here, in route-hooks' kernel package (whose rtnetlink half has
 * {@link io.vrrpd.hooks.kernel.rtnetlink.NetNamespace}), because route-hooks is the lowest module
 * whose own tests need namespaces (rtnetlink, the built-in hooks), and the lab kit of the
 * {@code tests} module builds its blade labs on it too; the daemon never calls it. The tests of
 * route-hooks and vrrp-daemon reach it through the test-jar's {@code testlab.Lab}, which adds
 * JUnit's skips. Only documentation prefixes
 * and link-local addresses may be used inside (see docs/lab.md).
 */
public final class NamespaceLab implements AutoCloseable {
    /** The bound on every command the lab runs, in seconds. */
    private static final long BOUND_SECONDS = 60;

    private final String prefix;
    private final List<String> namespaces = Collections.synchronizedList(new ArrayList<>());

    private NamespaceLab(String prefix) {
        this.prefix = prefix;
    }

    /**
     * Throws, saying what is missing, unless namespaces can be built here: root, and iproute2's
     * {@code ip}.
     */
    public static void requireAvailable() {
        if (!isRoot()) {
            throw new LabUnavailableException("the lab needs root (network namespaces, raw sockets, netlink); "
                    + "run as root, or with sudo");
        }
        requireTool("ip", "iproute2");
    }

    /** Throws, naming the Debian package, unless {@code tool} is installed. */
    public static void requireTool(String tool, String debianPackage) {
        if (!hasTool(tool)) {
            throw LabUnavailableException.missingTool(tool, debianPackage);
        }
    }

    /** Whether {@code tool} is an executable on the PATH or in the sbin directories root's PATH has. */
    public static boolean hasTool(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        return Arrays.stream(path.split(":")).anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
    }

    /** Whether this process runs as root. */
    public static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && out.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A lab whose namespaces are named {@code tag}, a random run id and {@code -}; throws
     * {@link LabUnavailableException} when namespaces cannot be built here.
     */
    public static NamespaceLab create(String tag) {
        requireAvailable();
        return new NamespaceLab(tag + UUID.randomUUID().toString().substring(0, 4) + "-");
    }

    /** The full namespace name of {@code host} in this run. */
    public String ns(String host) {
        return prefix + host;
    }

    /** The per-run prefix of every namespace name. */
    public String prefix() {
        return prefix;
    }

    /** The namespaces made so far, in order. */
    public List<String> namespaces() {
        synchronized (namespaces) {
            return List.copyOf(namespaces);
        }
    }

    /**
     * Adds a namespace for {@code host} with loopback up and IPv6 DAD off (so addresses are never
     * tentative), and IPv4 and IPv6 forwarding when {@code forwarding}. Returns its full name.
     */
    public String addHost(String host, boolean forwarding) {
        String ns = ns(host);
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        in(ns, "ip", "link", "set", "lo", "up");
        in(ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0",
                "net.ipv6.conf.all.dad_transmits=0", "net.ipv6.conf.default.dad_transmits=0");
        if (forwarding) {
            in(ns, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1");
        }
        return ns;
    }

    /** A veth pair: {@code aName} in {@code aNs}, {@code bName} in {@code bNs}, both up. */
    public void veth(String aNs, String aName, String bNs, String bName) {
        String tmpA = "t" + UUID.randomUUID().toString().substring(0, 8);
        String tmpB = "t" + UUID.randomUUID().toString().substring(0, 8);
        run("ip", "link", "add", tmpA, "type", "veth", "peer", "name", tmpB);
        run("ip", "link", "set", tmpA, "netns", aNs, "name", aName);
        run("ip", "link", "set", tmpB, "netns", bNs, "name", bName);
        in(aNs, "ip", "link", "set", aName, "up");
        in(bNs, "ip", "link", "set", bName, "up");
    }

    /** Runs {@code cmd} inside {@code ns} and returns stdout; throws with stderr when it exits non-zero. */
    public String in(String ns, String... cmd) {
        return run(inNs(ns, cmd));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** {@code ip -n NS -j ARGS}, parsed; an empty array when ip printed nothing. */
    public com.fasterxml.jackson.databind.JsonNode ipJsonIn(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns, "-j"));
        cmd.addAll(Arrays.asList(args));
        String out = run(cmd.toArray(String[]::new));
        try {
            return out.isBlank() ? JSON.createArrayNode() : JSON.readTree(out);
        } catch (IOException e) {
            throw new IllegalStateException("unparsable output of " + String.join(" ", cmd) + ": " + out, e);
        }
    }

    /** Runs {@code cmd} inside {@code ns} and returns its exit code, ignoring its output. */
    public int status(String ns, String... cmd) {
        try {
            Process p = new ProcessBuilder(inNs(ns, cmd)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", cmd) + " in " + ns, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String[] inNs(String ns, String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(Arrays.asList(cmd));
        return full.toArray(String[]::new);
    }

    /** Runs a command, returns stdout, and throws with stderr when it fails or takes over 60 s. */
    public static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ": "
                        + new String(err, StandardCharsets.UTF_8).trim());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The PIDs of the processes in namespace {@code ns} ({@code ip netns pids}); empty when it is gone. */
    public static List<Long> pids(String ns) {
        try {
            List<Long> out = new ArrayList<>();
            for (String pid : run("ip", "netns", "pids", ns).trim().split("\\s+")) {
                if (!pid.isEmpty()) {
                    out.add(Long.parseLong(pid));
                }
            }
            return out;
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Kills what still runs in this run's namespaces, by PID, then deletes them. Never throws. */
    @Override
    public void close() {
        List<String> all = namespaces();
        List<String> reversed = new ArrayList<>(all);
        Collections.reverse(reversed);
        for (String ns : reversed) {
            for (long pid : pids(ns)) {
                if (pid != ProcessHandle.current().pid()) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
        for (String ns : reversed) {
            try {
                run("ip", "netns", "del", ns);
            } catch (RuntimeException alreadyGone) {
                // deleted by someone else, or never fully made
            }
        }
        namespaces.clear();
    }
}
