package io.vrrpd.hooks.builtin;

import io.vrrpd.hooks.kernel.Kernel;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Which instances need each route and rule the {@code routes} hooks installed in one kernel, and
 * each address {@link HeldAddressesHook} holds: one that two instances name (in one hook or in
 * two) stays while either is master, and goes when the last one stops being master. One registry per {@link Kernel} (per network namespace), so
 * it outlives the hooks a reload re-creates: what a master instance claimed stays claimed.
 * Thread-safe.
 */
final class RouteClaims {
    private static final Map<Kernel, RouteClaims> BY_KERNEL = new WeakHashMap<>();

    /** Held things (a {@link WantedRoute}, a {@link io.vrrpd.hooks.kernel.RuleSpec} or a {@link HeldAddress}) and who holds them. */
    private final Map<Object, Set<String>> holders = new HashMap<>();

    private RouteClaims() {
    }

    /** The registry of {@code kernel}, created on first use. */
    static RouteClaims of(Kernel kernel) {
        synchronized (BY_KERNEL) {
            return BY_KERNEL.computeIfAbsent(kernel, k -> new RouteClaims());
        }
    }

    /** {@code instance} needs {@code held} now. */
    synchronized void claim(Object held, String instance) {
        holders.computeIfAbsent(held, k -> new HashSet<>()).add(instance);
    }

    /**
     * {@code instance} needs {@code held} no more.
     *
     * @return whether no instance needs it now (so it is to be removed)
     */
    synchronized boolean release(Object held, String instance) {
        Set<String> who = holders.get(held);
        if (who == null) {
            return true;
        }
        who.remove(instance);
        if (who.isEmpty()) {
            holders.remove(held);
            return true;
        }
        return false;
    }

    /** Whether {@code instance} holds {@code held}. */
    synchronized boolean holds(Object held, String instance) {
        Set<String> who = holders.get(held);
        return who != null && who.contains(instance);
    }

    /** The instances holding {@code held}, for messages. */
    synchronized Set<String> holders(Object held) {
        return Set.copyOf(holders.getOrDefault(held, Set.of()));
    }
}
