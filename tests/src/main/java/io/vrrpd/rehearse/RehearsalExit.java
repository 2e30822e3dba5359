package io.vrrpd.rehearse;

/** The exit codes of {@code vrrp-rehearse}. */
public enum RehearsalExit {
    /** Every expectation held ({@code run}), the scenario is valid ({@code check}), or the list was printed. */
    PASSED(0),
    /** The rehearsal ran and at least one expectation failed. */
    FAILED(1),
    /** The scenario is invalid (every problem printed), or the lab could not be built (what is missing printed). */
    INVALID(2);

    private final int code;

    RehearsalExit(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
