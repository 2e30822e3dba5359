package io.vrrpd.rehearse.measure;

/**
 * When one step ran; nanoseconds since the run began.
 *
 * @param index   1-based
 * @param text    what it did ({@code crash: a})
 * @param start   when its action began
 * @param acted   when its action was done (a boot's wait, a partition's time, a daemon's start
 *                included); from then on the lab is given time to settle
 * @param end     when it ended (settled and held, or out of time)
 * @param settled when the lab settled after its action, or -1 when it did not
 */
public record StepSpan(int index, String text, long start, long acted, long end, long settled) {
    public boolean hasSettled() {
        return settled >= 0;
    }
}
