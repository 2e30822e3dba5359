package io.vrrpd.rehearse.scenario;

import java.time.Duration;

/**
 * What must hold ({@code expect:}, for the whole run or for one step); a null limit is not checked.
 *
 * @param falseMaster    most time a blade may report MASTER while its default route is missing or the
 *                       client cannot get out through it
 * @param dualMaster     most time two blades may hold one VIP, summed
 * @param outage         the client's longest outage in any one step (in this step, for a step)
 * @param noMaster       most time a VIP may be held by nobody, summed
 * @param convergedAtEnd each VIP held by one blade that reports MASTER, and the client out, at the end
 *                       (whole run only)
 * @param reportedAtEnd  per blade, per instance, the state it must report at the last sample (whole run
 *                       only); the instance {@link #EVERY} stands for every instance the blade reports
 * @param transitions    most reported-state changes any one blade may make in the step (a step only)
 * @param lost           most probes sent in the step that may go unanswered (a step only); 0 is "no outage"
 *                       where {@code outage}, the longest time between two replies, can never be 0
 */
public record Expectations(Duration falseMaster, Duration dualMaster, Duration outage, Duration noMaster,
                           Boolean convergedAtEnd, java.util.Map<String, java.util.Map<String, String>> reportedAtEnd,
                           Integer transitions, Integer lost) {

    /** In {@code reportedAtEnd}: every instance of the blade. */
    public static final String EVERY = "*";

    /** What a scenario without {@code expect:} is held to: no false MASTER, and converged at the end. */
    public static final Expectations DEFAULT = new Expectations(Duration.ZERO, null, null, null, true, java.util.Map.of(),
            null, null);

    /** Nothing checked (a step without {@code expect:}). */
    public static final Expectations NONE = new Expectations(null, null, null, null, null, java.util.Map.of(), null, null);

    public Expectations {
        java.util.Map<String, java.util.Map<String, String>> copy = new java.util.LinkedHashMap<>();
        reportedAtEnd.forEach((b, m) -> copy.put(b, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m))));
        reportedAtEnd = java.util.Collections.unmodifiableMap(copy);
    }

    /** {@code false-master <= 0s, outage <= 1s, converged at the end}: for messages. */
    public String describe() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        limit(parts, "false-master", falseMaster);
        limit(parts, "dual-master", dualMaster);
        limit(parts, "outage", outage);
        limit(parts, "no-master", noMaster);
        if (convergedAtEnd != null) {
            parts.add(convergedAtEnd ? "converged at the end" : "not converged at the end");
        }
        reportedAtEnd.forEach((b, m) -> m.forEach((i, state) -> parts.add(b + (i.equals(EVERY) ? "" : " " + i)
                + " " + state + " at the end")));
        if (transitions != null) {
            parts.add("transitions <= " + transitions);
        }
        if (lost != null) {
            parts.add("lost <= " + lost);
        }
        return parts.isEmpty() ? "nothing" : String.join(", ", parts);
    }

    private static void limit(java.util.List<String> parts, String name, Duration d) {
        if (d != null) {
            parts.add(name + " <= " + io.vrrpd.hooks.Durations.format(d));
        }
    }

    public boolean isEmpty() {
        return falseMaster == null && dualMaster == null && outage == null && noMaster == null && convergedAtEnd == null
                && reportedAtEnd.isEmpty() && transitions == null && lost == null;
    }
}
