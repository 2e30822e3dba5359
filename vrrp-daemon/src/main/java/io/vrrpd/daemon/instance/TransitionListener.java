package io.vrrpd.daemon.instance;

import io.vrrpd.hooks.ReportedState;

/** Told of every reported-state change of an instance, on the event loop, after it happened. */
@FunctionalInterface
public interface TransitionListener {
    void transitioned(Instance instance, ReportedState from, ReportedState to, String reason);
}
