package io.vrrpd.rehearse.measure;

/**
 * One expectation, checked: its name ({@code false-master}, {@code step 3 (crash: a) outage}),
 * its limit and what was measured (milliseconds; a number of transitions or probes when
 * {@code count}; or for {@code converged-at-end} 1 for true and 0 for false), whether it held,
 * and a detail when it did not.
 */
public record Expectation(String name, double limit, double measured, boolean duration, boolean passed, String detail,
                          boolean count) {
    /** A time, or a truth. */
    public Expectation(String name, double limit, double measured, boolean duration, boolean passed, String detail) {
        this(name, limit, measured, duration, passed, detail, false);
    }

    /** A count: transitions, probes. */
    static Expectation count(String name, int limit, int measured, String detail) {
        boolean held = measured <= limit;
        return new Expectation(name, limit, measured, false, held, held ? "" : detail, true);
    }
}
