package io.vrrpd.rehearse.measure;

import java.util.Comparator;
import java.util.List;

/**
 * Everything a rehearsal observed, in order: what the measures are computed from, and what
 * {@code timeline.jsonl} holds. Times in nanoseconds since the run began; {@code end} is when
 * observing stopped.
 */
public record Timeline(Topology topology, List<StepSpan> steps, List<Sample> samples, List<Probe> probes, long end) {
    public Timeline {
        steps = List.copyOf(steps);
        samples = samples.stream().sorted(Comparator.comparingLong(Sample::at)).toList();
        probes = probes.stream().sorted(Comparator.comparingLong(Probe::sent)).toList();
    }
}
