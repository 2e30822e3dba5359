package io.vrrpd.lab;

import java.util.ArrayList;
import java.util.List;

/** The outcomes of one prober ({@link IcmpProbe}, {@link TcpProbe}), in the order sent; thread-safe. */
final class ProbeLog {
    private final List<ProbeOutcome> outcomes = new ArrayList<>();
    private volatile long lastReply = -1;

    /** Records a probe just sent; returns its index. */
    synchronized int sent(long seq, int key, long at) {
        outcomes.add(new ProbeOutcome(seq, key, at, -1, false));
        return outcomes.size() - 1;
    }

    /** The probe at {@code index} was answered now. */
    synchronized void answered(int index) {
        long at = LabClock.epochNanos();
        ProbeOutcome o = outcomes.get(index);
        outcomes.set(index, new ProbeOutcome(o.seq(), o.key(), o.sent(), at, true));
        lastReply = at;
    }

    /** The probe at {@code index} is lost: its timeout passed. */
    synchronized void lost(int index) {
        ProbeOutcome o = outcomes.get(index);
        outcomes.set(index, new ProbeOutcome(o.seq(), o.key(), o.sent(), -1, true));
    }

    /** When the probe at {@code index} was sent (epoch nanoseconds). */
    synchronized long sentAt(int index) {
        return outcomes.get(index).sent();
    }

    synchronized List<ProbeOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    long lastReply() {
        return lastReply;
    }
}
