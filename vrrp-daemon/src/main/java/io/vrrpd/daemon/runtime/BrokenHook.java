package io.vrrpd.daemon.runtime;

import io.vrrpd.hooks.Deadline;
import io.vrrpd.hooks.Evidence;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookResult;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.TransitionEvent;

import java.time.Duration;

/**
 * Stands in for a hook that could not be built at load (e.g. its provider threw): it fails every
 * verification with the reason, so the instance never reports MASTER on an unverified egress.
 */
final class BrokenHook implements Hook {
    private final String type;
    private final String why;

    BrokenHook(String type, String why) {
        this.type = type;
        this.why = why;
    }

    private HookResult failed() {
        return new HookResult.Failed(HookResult.FailureReason.HOOK_ERROR, type + " hook could not be created: " + why,
                Evidence.NONE);
    }

    @Override
    public HookResult onTransition(TransitionEvent event, Deadline deadline) {
        return event.takingOver() ? failed() : new HookResult.Verified("nothing to withdraw");
    }

    @Override
    public HookResult reverify(InstanceRef instance, Deadline deadline) {
        return failed();
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(1);
    }

    @Override
    public String describe() {
        return type + " (broken)";
    }
}
