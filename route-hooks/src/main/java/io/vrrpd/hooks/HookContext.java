package io.vrrpd.hooks;

import io.vrrpd.hooks.kernel.Kernel;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * What a provider gets to build a hook, and all a hook may use of the daemon: the kernel (the
 * {@link Kernel} interface, never its implementation), the instances the hook is bound to
 * (resolved from its {@link HookConfig} names, sync groups expanded), and a way to open sockets
 * and start processes in the daemon's network namespace.
 */
public interface HookContext {
    /** The kernel of the daemon's network namespace. */
    Kernel kernel();

    /** The instances this hook is bound to, resolved at load; never empty. */
    List<InstanceRef> instances();

    /**
     * Runs {@code body} in the daemon's network namespace, so that sockets it opens (probes)
     * belong there. The daemon runs inside its namespace already, so its context just calls
     * {@code body}; a process that hosts several namespaces (the test lab) supplies a context that
     * enters the right one.
     */
    default <T> T inNamespace(Callable<T> body) throws Exception {
        return body.call();
    }

    /** The context of a daemon running in its own namespace. */
    static HookContext of(Kernel kernel, List<InstanceRef> instances) {
        Objects.requireNonNull(kernel, "kernel");
        List<InstanceRef> bound = List.copyOf(instances);
        if (bound.isEmpty()) {
            throw new IllegalArgumentException("a hook must be bound to at least one instance");
        }
        return new HookContext() {
            @Override
            public Kernel kernel() {
                return kernel;
            }

            @Override
            public List<InstanceRef> instances() {
                return bound;
            }
        };
    }
}
