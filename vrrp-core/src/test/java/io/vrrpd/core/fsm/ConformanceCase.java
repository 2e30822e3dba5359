package io.vrrpd.core.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A named record/replay conformance case: a router configuration and a script of timed input
 * events, each with the exact effect list it must produce. Times and timer deadlines are
 * written as offsets from the start; {@link #run(long)} replays the script from any start time
 * (including one near {@code Long.MAX_VALUE}, so that deadlines wrap).
 */
final class ConformanceCase {

    /** One scripted step: at {@code at} ns after the start, feed {@code in}, expect exactly {@code expect}. */
    record Step(long at, Event in, List<Effect> expect, List<Consumer<VirtualRouter>> checks) {}

    final String name;
    final String section;
    final RouterConfig config;
    final List<Step> steps;

    private ConformanceCase(String name, String section, RouterConfig config, List<Step> steps) {
        this.name = name;
        this.section = section;
        this.config = config;
        this.steps = steps;
    }

    static Builder named(String name, String section, RouterConfig config) {
        return new Builder(name, section, config);
    }

    /** Replays the script with the clock starting at {@code start} (wrapping arithmetic). */
    void run(long start) {
        VirtualRouter router = new VirtualRouter(config);
        int index = 0;
        for (Step step : steps) {
            index++;
            List<Effect> expected = new ArrayList<>();
            for (Effect e : step.expect()) {
                expected.add(e instanceof Effect.ArmTimer arm
                        ? new Effect.ArmTimer(arm.timer(), start + arm.deadlineNanos())
                        : e);
            }
            List<Effect> actual = router.handle(step.in(), start + step.at());
            assertEquals(expected, actual, () -> name + " step " + stepLabel(step) + ": effects");
            for (Consumer<VirtualRouter> check : step.checks()) {
                check.accept(router);
            }
        }
    }

    private static String stepLabel(Step step) {
        return "at +" + step.at() + "ns " + step.in();
    }

    @Override
    public String toString() {
        return name + (section.startsWith("RFC ") ? " [" + section + "]" : " [RFC 9568 " + section + "]");
    }

    /** {@code at(t).in(event).expect(effects...)}, repeated; {@code check(...)} after a step. */
    static final class Builder {
        private final String name;
        private final String section;
        private final RouterConfig config;
        private final List<Step> steps = new ArrayList<>();
        private long at;
        private Event in;

        private Builder(String name, String section, RouterConfig config) {
            this.name = name;
            this.section = section;
            this.config = config;
        }

        Builder at(long offsetNanos) {
            this.at = offsetNanos;
            return this;
        }

        Builder in(Event event) {
            this.in = event;
            return this;
        }

        Builder expect(Effect... effects) {
            if (in == null) {
                throw new IllegalStateException(name + ": expect() without in()");
            }
            steps.add(new Step(at, in, List.of(effects), new ArrayList<>()));
            in = null;
            return this;
        }

        Builder check(Consumer<VirtualRouter> check) {
            steps.get(steps.size() - 1).checks().add(check);
            return this;
        }

        ConformanceCase build() {
            if (in != null) {
                throw new IllegalStateException(name + ": in() without expect()");
            }
            return new ConformanceCase(name, section, config, List.copyOf(steps));
        }
    }
}
