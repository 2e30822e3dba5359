package io.vrrpd.rehearse.chaos;

import io.vrrpd.hooks.Durations;

import java.time.Duration;
import java.util.Locale;

/**
 * The faults of the chaos matrix, each the steps a scenario runs after the pair has converged
 * (blade a the master, b the backup). {@code ext} is the blades' config kind ({@code yaml} for
 * vrrpd, {@code conf} for keepalived), for the steps that name a config; the LAN loss lasts
 * {@code lossFor}. {@code vrrpdOutage} is what vrrpd is held to in the CI half: the client's
 * longest outage in any step (null: not bounded; the LAN loss drops a fifth of the probes);
 * {@code vrrpdFalseMaster} the false-MASTER time it may take to notice a fault the kernel applies
 * under it (the uplink going down takes the default route with it before any daemon hears of it;
 * a LAN link taken down, or the default route deleted, under the master is a state the kernel
 * monitor reports a few ms later: the same allowance as the rehearsal steps' test gives, three
 * probe intervals; on a LAN that drops a fifth of the frames, the client's two kinds of probe now
 * and then both lose three in a row at random, which the measure cannot tell from a stuck client:
 * three probe intervals too, and keepalived shows the same 18 ms in the full run).
 */
public enum ChaosFault {
    KILL_9("kill -9 of the master's daemon", Duration.ofMillis(500), """
              - kill: { blade: a, settle: 5s }
              - start: { blade: a, settle: 10s }
            """),
    SIGTERM("SIGTERM of the master's daemon", Duration.ofMillis(500), """
              - stop: { blade: a, settle: 5s }
              - start: { blade: a, settle: 10s }
            """),
    LAN_LINK_DOWN("the master's LAN link down, then up", Duration.ofMillis(1000), Duration.ofMillis(30), """
              - link: { blade: a, interface: eth0, state: down, settle: 5s }
              - link: { blade: a, interface: eth0, state: up, settle: 10s }
            """),
    RENAMED_ON_REBOOT("the master reboots, its LAN NIC renamed", Duration.ofMillis(1000), """
              - crash: { blade: a, settle: 3s }
              - boot: { blade: a, after: 1s, rename: { eth0: enp3s0f0 }, settle: 10s }
            """),
    UPSTREAM_LOSS("the master loses its uplink, then gets it back", Duration.ofMillis(1000), Duration.ofMillis(100), """
              - link: { blade: a, interface: eth1, state: down, settle: 5s }
              - link: { blade: a, interface: eth1, state: up, settle: 10s }
            """),
    PARTITION("partition for 5 s, then heal", Duration.ofMillis(1000), """
              - partition: { blades: [a, b], for: 5s, settle: 5s }
            """),
    LAN_LOSS("20 % loss on the LAN", null, Duration.ofMillis(30), """
              - loss: { percent: 20, for: LOSS, settle: 10s }
            """),
    VIP_DELETED("a VIP deleted by hand on the master", Duration.ofMillis(1000), """
              - delete: { blade: a, address: 192.0.2.1/24, settle: 5s }
            """),
    ROUTE_DELETED("the default route deleted by hand on the master", Duration.ofMillis(1000), Duration.ofMillis(30), """
              - delete: { blade: a, route: default, settle: 5s }
            """),
    BAD_RELOAD("a bad reload of the master (a mistyped VRID)", Duration.ofMillis(200), """
              - reload: { blade: a, config: bad-a.EXT, refused: true, settle: 5s }
              - wait: 2s
            """),
    MIXED_PAIR("mixed pair: the master crashes, the other daemon takes over", Duration.ofMillis(1000), """
              - crash: { blade: a, settle: 5s }
              - boot: { blade: a, after: 1s, settle: 10s }
            """),
    MASS_REBOOT("mass reboot: a, then b", Duration.ofMillis(1000), """
              - crash: { blade: a, settle: 3s }
              - boot: { blade: a, after: 2s, settle: 10s }
              - crash: { blade: b, settle: 3s }
              - boot: { blade: b, after: 2s, settle: 10s }
            """);

    private final String what;
    private final Duration vrrpdOutage;
    private final Duration vrrpdFalseMaster;
    private final String steps;

    ChaosFault(String what, Duration vrrpdOutage, String steps) {
        this(what, vrrpdOutage, Duration.ZERO, steps);
    }

    ChaosFault(String what, Duration vrrpdOutage, Duration vrrpdFalseMaster, String steps) {
        this.what = what;
        this.vrrpdOutage = vrrpdOutage;
        this.vrrpdFalseMaster = vrrpdFalseMaster;
        this.steps = steps;
    }

    public Duration vrrpdFalseMaster() {
        return vrrpdFalseMaster;
    }

    /** {@code kill-9}, {@code lan-link-down}: as the command line and the table name it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String what() {
        return what;
    }

    public Duration vrrpdOutage() {
        return vrrpdOutage;
    }

    /** The steps after the converge, as scenario YAML. */
    String steps(String ext, Duration lossFor) {
        return steps.replace("EXT", ext).replace("LOSS", Durations.format(lossFor));
    }

    /** The fault whose {@link #key} is {@code key}. */
    public static ChaosFault of(String key) {
        for (ChaosFault f : values()) {
            if (f.key().equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no fault " + key + " (one of " + String.join(", ",
                java.util.Arrays.stream(values()).map(ChaosFault::key).toList()) + ")");
    }
}
