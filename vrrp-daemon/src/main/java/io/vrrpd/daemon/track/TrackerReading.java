package io.vrrpd.daemon.track;

import java.util.Objects;

/**
 * What one tracker measured last: succeeding, failing, or not measured yet (counted as failing,
 * so an instance never takes mastership before its checks ran once). A file tracker also carries
 * the integer it read.
 *
 * @param value  the file's integer; 0 for other kinds, or when the file held none
 * @param detail what was seen, for status and logs
 */
public record TrackerReading(Health health, long value, String detail) {
    public enum Health { UNKNOWN, OK, FAILING }

    public static final TrackerReading UNKNOWN = new TrackerReading(Health.UNKNOWN, 0, "not checked yet");

    public TrackerReading {
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(detail, "detail");
    }

    public static TrackerReading ok(String detail) {
        return new TrackerReading(Health.OK, 0, detail);
    }

    public static TrackerReading failing(String detail) {
        return new TrackerReading(Health.FAILING, 0, detail);
    }

    public boolean succeeding() {
        return health == Health.OK;
    }
}
