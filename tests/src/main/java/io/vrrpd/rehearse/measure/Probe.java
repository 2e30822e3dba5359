package io.vrrpd.rehearse.measure;

/**
 * One client probe and its outcome; times in nanoseconds since the run began.
 *
 * @param kind    which probe
 * @param seq     its sequence number within its kind
 * @param sent    when it was sent
 * @param arrived when it reached the upstream router (it got out), or {@link #LOST}
 * @param replied when its reply came back, or {@link #LOST}
 * @param decided whether its outcome is known: replied, or unanswered past the probe timeout
 *                (probes sent just before the run ended are neither lost nor answered)
 */
public record Probe(ProbeKind kind, long seq, long sent, long arrived, long replied, boolean decided) {
    public static final long LOST = -1;

    /** A probe that went out and came back at those times. */
    public static Probe answered(ProbeKind kind, long seq, long sent, long arrived, long replied) {
        return new Probe(kind, seq, sent, arrived, replied, true);
    }

    public boolean ok() {
        return replied != LOST;
    }

    /** Decided, and no reply came back. */
    public boolean lost() {
        return decided && replied == LOST;
    }

    /** Decided, and it never reached the upstream router: the client could not get out. */
    public boolean stuck() {
        return decided && arrived == LOST;
    }
}
