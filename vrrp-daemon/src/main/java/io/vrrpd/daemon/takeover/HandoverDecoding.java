package io.vrrpd.daemon.takeover;

/**
 * The outcome of reading a hand-over: the state, or why this build cannot use it. A refusal
 * is not an error of the new process: it falls back to a normal start and logs the reason.
 */
public sealed interface HandoverDecoding {

    /** The state was read and this build understands its version. */
    record Accepted(HandoverState state) implements HandoverDecoding {
    }

    /** The sender wrote a format version this build cannot read. */
    record UnknownVersion(int version, int supported) implements HandoverDecoding {
    }

    /** The bytes were not a hand-over at all (truncated, not JSON, fields missing). */
    record Malformed(String detail) implements HandoverDecoding {
    }

    /** The line to log when the new process falls back to a normal start, or accepts. */
    default String fallbackReason() {
        if (this instanceof UnknownVersion u) {
            return "hand-over format version " + u.version()
                    + " is not readable by this build (it reads version " + u.supported()
                    + "); starting normally, the peer will see a re-election";
        }
        if (this instanceof Malformed m) {
            return "hand-over unreadable (" + m.detail()
                    + "); starting normally, the peer will see a re-election";
        }
        return "hand-over accepted";
    }
}
