package io.vrrpd.hooks;

import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.NetNamespace;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * What a provider gets to build a hook: the kernel, the instances the hook is bound to
 * (resolved from its {@link HookConfig} names, sync groups expanded), and a way to open
 * sockets and start processes in the daemon's network namespace.
 */
public interface HookContext {
    /** The kernel of the daemon's network namespace. */
    Kernel kernel();

    /** The instances this hook is bound to, resolved at load; never empty. */
    List<InstanceRef> instances();

    /**
     * Runs {@code body} in the daemon's network namespace, so sockets it opens (probes) belong
     * there. The daemon runs inside its namespace already and this just calls {@code body};
     * tests, which host several namespaces in one JVM, enter a named one.
     */
    default <T> T inNamespace(Callable<T> body) throws Exception {
        return body.call();
    }

    /** A context for a daemon running in its own namespace. */
    static HookContext of(Kernel kernel, List<InstanceRef> instances) {
        return new Simple(kernel, instances, null);
    }

    /** A context whose sockets are opened in the named namespace ({@code /run/netns/NAME}). */
    static HookContext inNetns(Kernel kernel, List<InstanceRef> instances, String netns) {
        return new Simple(kernel, instances, Objects.requireNonNull(netns, "netns"));
    }

    /** The plain implementation. */
    record Simple(Kernel kernel, List<InstanceRef> instances, String netns) implements HookContext {
        public Simple {
            Objects.requireNonNull(kernel, "kernel");
            instances = List.copyOf(instances);
            if (instances.isEmpty()) {
                throw new IllegalArgumentException("a hook must be bound to at least one instance");
            }
        }

        @Override
        public <T> T inNamespace(Callable<T> body) throws Exception {
            return netns == null ? body.call() : NetNamespace.callIn(netns, body);
        }
    }
}
