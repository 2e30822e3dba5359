package io.vrrpd.hooks.testlab;

import io.vrrpd.hooks.HookContext;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;
import io.vrrpd.hooks.kernel.LabUnavailableException;
import io.vrrpd.hooks.kernel.NamespaceLab;
import org.junit.jupiter.api.Assumptions;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The lab of this module's tests, and of vrrp-daemon's (from the test-jar): the project's one
 * namespace primitive, {@link NamespaceLab}, with JUnit's skips. Network namespaces for one test
 * run, named with a per-run prefix and always torn down: use it in try-with-resources;
 * {@link #close()} kills every process still in a namespace (by PID) and deletes them, even when
 * the test failed. The lab kit of the {@code tests} module builds its blade labs on the same
 * primitive (docs/lab.md).
 *
 * <p>Only documentation prefixes and link-local addresses may be used inside (see docs/lab.md).
 */
public final class Lab implements AutoCloseable {
    private final NamespaceLab lab;

    private Lab(NamespaceLab lab) {
        this.lab = lab;
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
        try {
            NamespaceLab.requireAvailable();
        } catch (LabUnavailableException e) {
            Assumptions.abort(e.getMessage());
        }
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
        return NamespaceLab.hasTool(tool);
    }

    /** A lab whose namespaces start with {@code tag} and a random run id; skips the test when none can be built. */
    public static Lab create(String tag) {
        assumeAvailable();
        return new Lab(NamespaceLab.create(tag));
    }

    /** The full name of host {@code host} in this run. */
    public String ns(String host) {
        return lab.ns(host);
    }

    /** Interface names must stay within IFNAMSIZ; this is the per-run prefix. */
    public String prefix() {
        return lab.prefix();
    }

    /** See {@link NamespaceLab#addHost}. */
    public String addHost(String host, boolean forwarding) {
        return lab.addHost(host, forwarding);
    }

    /** See {@link NamespaceLab#veth}. */
    public void veth(String aNs, String aName, String bNs, String bName) {
        lab.veth(aNs, aName, bNs, bName);
    }

    /** Runs {@code cmd} inside {@code ns} and returns stdout; fails the test when it exits non-zero. */
    public String in(String ns, String... cmd) {
        return lab.in(ns, cmd);
    }

    /** {@code ip -j ARGS} inside {@code ns}, parsed; an empty array when ip printed nothing. */
    public com.fasterxml.jackson.databind.JsonNode ipJson(String ns, String... args) {
        return lab.ipJsonIn(ns, args);
    }

    /** Parses the JSON a tool printed; an empty array when it printed nothing. */
    public static com.fasterxml.jackson.databind.JsonNode json(String out) {
        try {
            return out.isBlank() ? JSON.createArrayNode() : JSON.readTree(out);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unparsable JSON: " + out, e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Runs {@code cmd} inside {@code ns} and returns its exit code, ignoring its output. */
    public int status(String ns, String... cmd) {
        return lab.status(ns, cmd);
    }

    /** Runs a command, returns stdout, and throws with stderr when it fails. */
    public static String run(String... cmd) {
        return NamespaceLab.run(cmd);
    }

    /** Kills what still runs in this run's namespaces, by PID, then deletes them. Never throws. */
    @Override
    public void close() {
        lab.close();
    }
}
