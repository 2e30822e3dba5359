package io.vrrpd.hooks;

/** The verdict of a hook: verified, or failed with a reason and evidence. */
public sealed interface HookResult {
    /** Egress (or whatever the hook guards) verified. */
    record Verified(String detail) implements HookResult {
    }

    /** Verification failed; {@code reason} says which check, {@code evidence} what was seen. */
    record Failed(FailureReason reason, String detail, Evidence evidence) implements HookResult {
        @Override
        public String toString() {
            String ev = evidence == null ? "" : evidence.toString();
            return reason.text() + ": " + detail + (ev.isEmpty() ? "" : " (" + ev + ")");
        }
    }

    /** Why a hook failed. */
    enum FailureReason {
        ROUTE_NOT_INSTALLED("route could not be installed"),
        FIB_MISMATCH("kernel route lookup does not go via the gateway"),
        NEIGHBOR_UNRESOLVED("gateway neighbour did not resolve"),
        PROBE_FAILED("active probe failed"),
        TIMEOUT("hook exceeded its deadline"),
        HOOK_ERROR("hook threw an exception"),
        EXIT_STATUS("program exited non-zero");

        private final String text;

        FailureReason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    default boolean ok() {
        return this instanceof Verified;
    }
}
