package io.vrrpd.hooks;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Duration strings of the config, hooks' settings included: a decimal number and a unit,
 * {@code ms}, {@code s}, {@code m} or {@code h} ({@code 10ms}, {@code 1s}, {@code 1.5s},
 * {@code 2m}). Whole milliseconds only; a bare number is refused because its unit would be a
 * guess. The daemon reads every {@link java.time.Duration} of a plugin's record this way too.
 */
public final class Durations {

    /** What a valid duration looks like, for messages. */
    public static final String EXAMPLES = "e.g. 100ms, 1s, 1.5s";

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private Durations() {}

    /** The duration {@code text} denotes, or empty when it is not one. */
    public static Optional<Duration> parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal millisPerUnit = switch (m.group(2)) {
            case "ms" -> BigDecimal.ONE;
            case "s" -> BigDecimal.valueOf(1_000);
            case "m" -> BigDecimal.valueOf(60_000);
            default -> BigDecimal.valueOf(3_600_000);
        };
        BigDecimal millis = new BigDecimal(m.group(1)).multiply(millisPerUnit);
        try {
            return Optional.of(Duration.ofMillis(millis.longValueExact()));
        } catch (ArithmeticException fractionalOrHuge) {
            return Optional.empty();
        }
    }

    /** {@code 1.5s}, {@code 100ms}: the shortest config form of {@code d}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000 && ms != 0) {
            return ms + "ms";
        }
        return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
    }
}
