package io.vrrpd.hooks.kernel;

/**
 * A change the kernel reported, as {@link io.vrrpd.hooks.kernel.rtnetlink.KernelMonitor} delivers it. Links are tracked by
 * ifindex, so a rename is reported as such rather than as a deletion and an addition.
 */
public sealed interface KernelEvent {
    /** A link appeared (or was first seen). */
    record LinkAdded(Link link) implements KernelEvent {
    }

    /** Admin state, carrier, operational state or MTU of a link changed. */
    record LinkChanged(Link previous, Link link) implements KernelEvent {
        public boolean wentDown() {
            return previous.usable() && !link.usable();
        }

        public boolean cameUp() {
            return !previous.usable() && link.usable();
        }
    }

    /** The link with {@code index} is now called {@code newName}. */
    record LinkRenamed(int index, String oldName, String newName) implements KernelEvent {
    }

    /** The link is gone. */
    record LinkDeleted(int index, String name) implements KernelEvent {
    }

    /** An address was added, or its flags changed (e.g. it stopped being tentative). */
    record AddressAdded(Address address) implements KernelEvent {
    }

    record AddressDeleted(Address address) implements KernelEvent {
    }

    /** A route was added or replaced (routes of every table and protocol are reported, as {@link Kernel#routes()} lists them). */
    record RouteAdded(RouteSpec route) implements KernelEvent {
    }

    record RouteDeleted(RouteSpec route) implements KernelEvent {
    }

    /** A policy routing rule was added (every protocol's, as {@link Kernel#rules()} lists them). */
    record RuleAdded(RuleSpec rule) implements KernelEvent {
    }

    record RuleDeleted(RuleSpec rule) implements KernelEvent {
    }

    /**
     * Events may have been lost: the monitor's socket buffer overflowed (ENOBUFS), or its socket
     * failed and was reopened. Whatever state matters must be read again rather than inferred
     * from events; link names are re-read by the monitor itself.
     *
     * @param cause what happened, for the log
     */
    record EventsLost(String cause) implements KernelEvent {
    }
}
