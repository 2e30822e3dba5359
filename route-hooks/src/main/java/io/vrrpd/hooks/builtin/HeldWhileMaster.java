package io.vrrpd.hooks.builtin;

import io.vrrpd.hooks.Deadline;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookResult;
import io.vrrpd.hooks.HookResult.Verified;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.ReportedState;
import io.vrrpd.hooks.TransitionEvent;

import java.time.Duration;
import java.util.Optional;

/**
 * A hook that holds things in the kernel while a bound instance is master, the one shape of
 * {@link RoutesHook} and {@link HeldAddressesHook}: a takeover claims them for the instance
 * ({@link RouteClaims}) and installs what the kernel lacks; BACKUP, FAULT, INIT and stop give the
 * claims up and remove what no master instance claims any more; re-verification puts back what
 * the instance claims and the kernel lost. Calls are serialised on the hook.
 */
abstract class HeldWhileMaster implements Hook {
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final Duration REVERIFY_INTERVAL = Duration.ofSeconds(10);

    @Override
    public Duration timeout() {
        return TIMEOUT;
    }

    @Override
    public Optional<Duration> reverifyInterval() {
        return Optional.of(REVERIFY_INTERVAL);
    }

    @Override
    public final synchronized HookResult onTransition(TransitionEvent event, Deadline deadline) {
        String name = event.instance().name();
        if (event.takingOver()) {
            claim(name);
            return ensure(name, true);
        }
        if (event.to() == ReportedState.BACKUP || event.to() == ReportedState.FAULT || event.to() == ReportedState.INIT) {
            return release(name);
        }
        return new Verified("nothing to do on " + event.to().jsonName());
    }

    @Override
    public final synchronized HookResult onStop(TransitionEvent event, Deadline deadline) {
        return release(event.instance().name());
    }

    @Override
    public final synchronized HookResult reverify(InstanceRef instance, Deadline deadline) {
        return ensure(instance.name(), false);
    }

    /** {@code instance} became master: it claims everything this hook holds. */
    abstract void claim(String instance);

    /**
     * Installs (on a takeover) or puts back (when re-verifying) what {@code instance} claims and the
     * kernel lacks; verified when the kernel has all of it, "nothing held" when it claims nothing.
     */
    abstract HookResult ensure(String instance, boolean takingOver);

    /** Gives up what {@code instance} claimed; removes each thing no other master instance claims. */
    abstract HookResult release(String instance);
}
