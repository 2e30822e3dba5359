package io.vrrpd.hooks;

import java.util.List;
import java.util.Objects;

/**
 * The verdict of a hook call: verified, or failed with a typed reason and evidence.
 * Both carry {@code restored}: what the call found missing in the kernel and put back first
 * (e.g. a default route someone deleted), one line each, so the daemon can count and log it.
 */
public sealed interface HookResult {
    /** Egress (or whatever the hook guards) verified, or the requested action done. */
    record Verified(String detail, List<String> restored) implements HookResult {
        public Verified {
            Objects.requireNonNull(detail, "detail");
            restored = List.copyOf(restored);
        }

        public Verified(String detail) {
            this(detail, List.of());
        }

        @Override
        public String toString() {
            return detail + (restored.isEmpty() ? "" : " (restored: " + String.join("; ", restored) + ")");
        }
    }

    /** Verification failed; {@code reason} says which check, {@code evidence} what was seen. */
    record Failed(FailureReason reason, String detail, Evidence evidence, List<String> restored) implements HookResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            evidence = evidence == null ? Evidence.NONE : evidence;
            restored = List.copyOf(restored);
        }

        public Failed(FailureReason reason, String detail, Evidence evidence) {
            this(reason, detail, evidence, List.of());
        }

        @Override
        public String toString() {
            String ev = evidence.toString();
            return reason.text() + ": " + detail + (ev.isEmpty() ? "" : " (" + ev + ")")
                    + (restored.isEmpty() ? "" : " (restored: " + String.join("; ", restored) + ")");
        }
    }

    /** Why a hook failed. */
    enum FailureReason {
        /** The route could not be installed (interface missing, kernel refused). */
        ROUTE_NOT_INSTALLED("route could not be installed"),
        /** A kernel route lookup did not leave via the configured gateway and interface. */
        FIB_MISMATCH("kernel route lookup does not go via the gateway"),
        /** The gateway's ARP / NDP entry did not become usable. */
        NEIGHBOR_UNRESOLVED("gateway neighbour did not answer"),
        /** The active probe (ICMP echo, TCP connect) got no answer. */
        PROBE_FAILED("active probe failed"),
        /** The hook did not finish within its deadline. */
        TIMEOUT("hook exceeded its deadline"),
        /** The hook threw, or returned nothing. */
        HOOK_ERROR("hook threw an exception"),
        /** The exec hook's program exited non-zero (or could not be started). */
        EXIT_STATUS("program exited non-zero"),
        /** The on-backup action (withdraw, via) could not be applied. */
        WITHDRAW_FAILED("route could not be withdrawn or replaced");

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

    /** The human-readable detail of either outcome. */
    String detail();

    /** What this call found missing and restored first. */
    List<String> restored();
}
