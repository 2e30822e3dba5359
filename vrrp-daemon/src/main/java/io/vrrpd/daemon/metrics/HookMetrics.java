package io.vrrpd.daemon.metrics;

import java.time.Duration;

/**
 * What the hook runner records: one call per hook run, per egress verification, per route the
 * daemon restored. Called from the hook executor (any thread); never blocks and never posts to
 * the event loop.
 */
public interface HookMetrics {
    /** A hook run ended: {@code result} is a short fixed word ({@code ok}, {@code failed}, {@code timeout}). */
    void hookRun(String hook, String result, Duration duration);

    /** One egress verification for {@code instance}: how long it took and whether egress held. */
    void egressVerification(String instance, boolean verified, Duration latency);

    /** Records nothing: for a daemon without metrics and for tests. */
    HookMetrics NONE = new HookMetrics() {
        @Override
        public void hookRun(String hook, String result, Duration duration) {
        }

        @Override
        public void egressVerification(String instance, boolean verified, Duration latency) {
        }
    };
}
