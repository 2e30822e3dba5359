package io.vrrpd.daemon.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vrrpd.daemon.status.InstanceStatus;
import io.vrrpd.daemon.status.StatusBoard;
import io.vrrpd.daemon.status.TrackerStatus;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Per tracker of an instance: {@code vrrpd_tracker_ok} (1 succeeding, 0 failing or not checked
 * yet) and {@code vrrpd_tracker_contribution} (what it adds to the priority now), labelled with
 * the instance's labels and {@code kind} and {@code target}. Both read the board at scrape time.
 */
final class TrackerGauges {
    private TrackerGauges() {
    }

    static List<Meter> register(MeterRegistry registry, StatusBoard board, String instance, Tags tags, TrackerStatus t) {
        Tags all = tags.and("kind", t.kind(), "target", t.target());
        return List.of(
                gauge(registry, "vrrpd.tracker.ok", "Whether the tracker succeeds (1) or fails or was not checked yet (0)",
                        board, instance, t, all, row -> row.state().equals("ok") ? 1 : 0),
                gauge(registry, "vrrpd.tracker.contribution", "What the tracker adds to the advertised priority now",
                        board, instance, t, all, TrackerStatus::contribution));
    }

    private static Meter gauge(MeterRegistry registry, String name, String description, StatusBoard board,
                               String instance, TrackerStatus t, Tags tags, ToDoubleFunction<TrackerStatus> value) {
        return Gauge.builder(name, board, b -> {
            InstanceStatus s = b.instance(instance);
            if (s == null) {
                return Double.NaN;
            }
            for (TrackerStatus row : s.trackers()) {
                if (row.kind().equals(t.kind()) && row.target().equals(t.target())) {
                    return value.applyAsDouble(row);
                }
            }
            return Double.NaN;
        }).description(description).tags(tags).strongReference(true).register(registry);
    }
}
