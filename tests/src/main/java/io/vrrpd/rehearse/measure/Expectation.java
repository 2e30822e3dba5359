package io.vrrpd.rehearse.measure;

/**
 * One expectation, checked: its name ({@code false-master}, {@code step 3 (crash: a) outage}),
 * its limit and what was measured (milliseconds, or for {@code converged-at-end} 1 for true and
 * 0 for false), whether it held, and a detail when it did not.
 */
public record Expectation(String name, double limit, double measured, boolean duration, boolean passed, String detail) {
}
