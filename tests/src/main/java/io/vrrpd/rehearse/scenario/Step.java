package io.vrrpd.rehearse.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * One entry of {@code steps}: its action, and how it ends. After the action the lab is given up
 * to {@code settle} to converge (one master per VIP, the client out, for the lab's settle hold);
 * {@code within}, when given, makes settling in that time an expectation of its own.
 *
 * @param index  1-based position in {@code steps}
 * @param line   the line of the step in the scenario file
 * @param text   what it does, in one line ({@code crash: a})
 * @param action the action
 * @param within the step must settle within this, or null
 * @param settle how long to wait for it to settle (never longer; zero: not at all)
 * @param expect what must hold during this step
 */
public record Step(int index, int line, String text, Action action, Duration within, Duration settle,
                   Expectations expect) {
    /** How long a step waits for the lab to settle unless told. */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(10);
    /** How long {@code converge} waits unless told (and must). */
    public static final Duration DEFAULT_CONVERGE = Duration.ofSeconds(30);

    public Step {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(settle, "settle");
        Objects.requireNonNull(expect, "expect");
    }
}
