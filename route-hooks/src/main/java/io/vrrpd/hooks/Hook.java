package io.vrrpd.hooks;

import io.vrrpd.hooks.kernel.KernelEvent;

import java.time.Duration;
import java.util.Optional;

/**
 * A hook bound to one or more VRRP instances: it applies what a reported-state change asks
 * (install a route, run a program) and verifies it, under a {@link Deadline}, and returns a
 * typed {@link HookResult}. Made by a {@link HookProvider} from a bound config record.
 *
 * <p>Calls come from a {@link HookRunner} on its own executor, never on the daemon's event
 * loop, and may come from different threads: implementations must be thread-safe (the
 * built-ins synchronise). A call should return by the deadline; the runner reports
 * {@link HookResult.FailureReason#TIMEOUT} at the deadline either way and interrupts it.
 */
public interface Hook {
    /**
     * A reported-state change of a bound instance. On {@link TransitionEvent#takingOver()} the
     * hook installs and verifies; on BACKUP, FAULT and INIT it undoes or keeps what it installed,
     * as its config says. The result of a taking-over call decides ACTIVATING → MASTER or
     * EGRESS_FAILED.
     */
    HookResult onTransition(TransitionEvent event, Deadline deadline);

    /**
     * Periodic (and kernel-change-triggered) re-verification while {@code instance} is master:
     * restores first what the kernel lost (listed in {@link HookResult#restored()}), then verifies.
     */
    HookResult reverify(InstanceRef instance, Deadline deadline);

    /**
     * The daemon is stopping while {@code instance} held what this hook installed; by default
     * the same as a transition to INIT.
     */
    default HookResult onStop(TransitionEvent event, Deadline deadline) {
        return onTransition(event, deadline);
    }

    /** How long one call may take; the runner's deadline. */
    Duration timeout();

    /** How often the daemon calls {@link #reverify} while master; empty: never. */
    default Optional<Duration> reverifyInterval() {
        return Optional.empty();
    }

    /**
     * Whether a kernel change may have broken what this hook installed or verified (its route
     * deleted, its interface gone down or renamed, events lost), so the daemon should call
     * {@link #reverify} at once instead of at the next interval. Called on the daemon's event
     * loop for every kernel event: must be cheap and must not block.
     */
    default boolean affectedBy(KernelEvent event) {
        return false;
    }

    /** What the daemon does while this hook's verification fails. */
    default FailurePolicy failurePolicy() {
        return FailurePolicy.DEFAULT;
    }

    /** Short text for logs, e.g. {@code default-gateway via 198.51.100.1 dev up0}. */
    String describe();
}
