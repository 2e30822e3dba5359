package io.vrrpd.core.sim;

/** An invariant broke in a simulated run; the message carries the seed that reproduces it. */
final class SimulationFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    final long seed;

    SimulationFailure(long seed, String detail) {
        super("simulation seed " + seed + " failed " + detail
                + "\nreproduce: mvn -B -pl vrrp-core test -Dtest=SimulatorTest -Dsim.seed=" + seed);
        this.seed = seed;
    }
}
