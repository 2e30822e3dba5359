package io.vrrpd.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesEveryUnitAndDecimals() {
        assertEquals(Optional.of(Duration.ofMillis(10)), Durations.parse("10ms"));
        assertEquals(Optional.of(Duration.ofMillis(1500)), Durations.parse("1.5s"));
        assertEquals(Optional.of(Duration.ofMinutes(2)), Durations.parse("2m"));
        assertEquals(Optional.of(Duration.ofHours(1)), Durations.parse("1h"));
    }

    @Test
    void refusesBareNumbersUnknownUnitsAndSubMillisecondPrecision() {
        assertEquals(Optional.empty(), Durations.parse("100"));
        assertEquals(Optional.empty(), Durations.parse("1sec"));
        assertEquals(Optional.empty(), Durations.parse("-1s"));
        assertEquals(Optional.empty(), Durations.parse("1.0005s"));
    }

    @Test
    void formatsTheShortestForm() {
        assertEquals("100ms", Durations.format(Duration.ofMillis(100)));
        assertEquals("40.95s", Durations.format(Duration.ofMillis(40_950)));
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals("3600s", Durations.format(Duration.ofHours(1)));
    }
}
