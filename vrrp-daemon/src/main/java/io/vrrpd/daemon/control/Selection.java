package io.vrrpd.daemon.control;

import java.util.List;

/**
 * Which instances an acting command is for: every one, said out loud ({@code "all": true},
 * {@code vrrpctl drain --all}), or those named. There is no third way: a request that names none
 * and does not say all is refused, never taken to mean all.
 */
public record Selection(boolean all, List<String> names) {
    public Selection {
        names = List.copyOf(names);
        if (all == !names.isEmpty()) {
            throw new IllegalArgumentException(all ? "all and named instances at once" : "no instances");
        }
    }

    /** Every instance. */
    public static Selection everyInstance() {
        return new Selection(true, List.of());
    }

    /** The instances {@code names}, at least one. */
    public static Selection of(List<String> names) {
        return new Selection(false, names);
    }

    @Override
    public String toString() {
        return all ? "all instances" : String.join(", ", names);
    }
}
