package io.vrrpd.hooks.testlab;

import io.vrrpd.hooks.HookContext;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces for one test run, named with a per-run prefix and always torn down.
 * Use it in try-with-resources: {@link #close()} kills every process still in a namespace
 * (by PID, from {@code ip netns pids}) and deletes the namespaces, even when the test failed.
 *
 * <p>Only documentation prefixes and link-local addresses may be used inside (see DESIGN.md).
 */
public final class Lab implements AutoCloseable {
    private final String prefix;
    private final List<String> namespaces = Collections.synchronizedList(new ArrayList<>());

    private Lab(String prefix) {
        this.prefix = prefix;
    }

    /**
     * A hook context for a daemon living in namespace {@code netns} while the test runs in another:
     * sockets a hook opens through {@link HookContext#inNamespace} belong to {@code netns}.
     */
    public static HookContext hookContextIn(String netns, Kernel kernel, List<InstanceRef> instances) {
        HookContext plain = HookContext.of(kernel, instances);
        return new HookContext() {
            @Override
            public Kernel kernel() {
                return plain.kernel();
            }

            @Override
            public List<InstanceRef> instances() {
                return plain.instances();
            }

            @Override
            public <T> T inNamespace(Callable<T> body) throws Exception {
                return NetNamespace.callIn(netns, body);
            }
        };
    }

    /** Skips the calling test, with the reason, when the lab cannot be built here. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue(isRoot(), "lab test needs root (network namespaces, raw sockets, netlink); run as root, as CI does");
        Assumptions.assumeTrue(new java.io.File("/usr/sbin/ip").canExecute() || new java.io.File("/sbin/ip").canExecute()
                || new java.io.File("/usr/bin/ip").canExecute(), "lab test needs iproute2's ip command");
    }

    /**
     * Skips the calling test, naming the Debian package to install, when {@code tool} is not on
     * the PATH (or in the sbin directories root's PATH has). Call it before the tool is first
     * started: a missing tool must be a skip with its reason, never a timeout.
     */
    public static void assumeTool(String tool, String debianPackage) {
        Assumptions.assumeTrue(hasTool(tool), "lab test needs " + tool + " (apt-get install " + debianPackage + ")");
    }

    /** Whether {@code tool} is an executable on the PATH or in the sbin directories. */
    public static boolean hasTool(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        return java.util.Arrays.stream(path.split(":"))
                .anyMatch(d -> !d.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, tool)));
    }

    private static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && out.equals("0");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** A lab whose namespaces start with {@code tag} and a random run id (at most 15 chars in all with names). */
    public static Lab create(String tag) {
        assumeAvailable();
        String run = UUID.randomUUID().toString().substring(0, 4);
        return new Lab(tag + run + "-");
    }

    /** The full name of host {@code host} in this run. */
    public String ns(String host) {
        return prefix + host;
    }

    /** Interface names must stay within IFNAMSIZ; this is the per-run prefix. */
    public String prefix() {
        return prefix;
    }

    /**
     * Adds a namespace for {@code host} with loopback up, IPv6 DAD off and forwarding as asked.
     * Returns its full name.
     */
    public String addHost(String host, boolean forwarding) {
        String ns = ns(host);
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        in(ns, "ip", "link", "set", "lo", "up");
        for (String key : List.of("net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0",
                "net.ipv6.conf.all.dad_transmits=0", "net.ipv6.conf.default.dad_transmits=0")) {
            in(ns, "sysctl", "-qw", key);
        }
        if (forwarding) {
            in(ns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            in(ns, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
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

    /** Runs {@code cmd} inside {@code ns} and returns stdout; fails the test when it exits non-zero. */
    public String in(String ns, String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(Arrays.asList(cmd));
        return run(full.toArray(String[]::new));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** {@code ip -j ARGS} inside {@code ns}, parsed; an empty array when ip printed nothing. */
    public com.fasterxml.jackson.databind.JsonNode ipJson(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-j"));
        cmd.addAll(Arrays.asList(args));
        return json(in(ns, cmd.toArray(String[]::new)));
    }

    /** Parses the JSON a tool printed; an empty array when it printed nothing. */
    public static com.fasterxml.jackson.databind.JsonNode json(String out) {
        try {
            return out.isBlank() ? JSON.createArrayNode() : JSON.readTree(out);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unparsable JSON: " + out, e);
        }
    }

    /** Runs {@code cmd} inside {@code ns} and returns its exit code, ignoring its output. */
    public int status(String ns, String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(Arrays.asList(cmd));
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command, returns stdout, and throws with stderr when it fails. */
    public static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
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

    /** Kills what still runs in this run's namespaces, by PID, then deletes them. Never throws. */
    @Override
    public void close() {
        List<String> all;
        synchronized (namespaces) {
            all = new ArrayList<>(namespaces);
        }
        Collections.reverse(all);
        for (String ns : all) {
            try {
                String pids = run("ip", "netns", "pids", ns).trim();
                for (String pid : pids.split("\\s+")) {
                    if (!pid.isEmpty()) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (RuntimeException ignored) {
                // the namespace may already be gone
            }
        }
        for (String ns : all) {
            try {
                run("ip", "netns", "del", ns);
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        namespaces.clear();
    }
}
