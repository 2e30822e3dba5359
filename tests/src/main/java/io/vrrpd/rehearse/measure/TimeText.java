package io.vrrpd.rehearse.measure;

import java.util.Locale;

/** How the harness writes a time for people: {@code 12 ms} below a second, {@code 1.234 s} above. */
public final class TimeText {
    private TimeText() {
    }

    /** {@code 12 ms}, {@code 1.234 s}. */
    public static String ms(long nanos) {
        if (nanos < 1_000_000_000L) {
            return String.format(Locale.ROOT, "%d ms", Math.round(nanos / 1e6));
        }
        return seconds(nanos);
    }

    /** {@code 1.234 s}. */
    public static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }
}
