package io.vrrpd.rehearse.scenario;

import io.vrrpd.lab.BladeLab;

import java.time.Duration;
import java.util.List;

/**
 * The {@code lab:} section: what the configs do not say about the lab, and how it is measured.
 * Null fields are derived from the blades' configs (see docs/rehearsal.md).
 *
 * @param probeInterval how often the lab is sampled and the client probes (default 10 ms)
 * @param targets       the upstream targets the client probes, one per family (bare addresses)
 * @param gateways      the upstream router's addresses, one per family, when no config names them
 * @param lan           the LAN interface's name on the blades, when the configs leave it open
 * @param uplink        the uplink interface's name on the blades, when the configs leave it open
 * @param tcpPort       the port of the TCP probe on the targets
 * @param switchMode    multicast on the lab's switch
 * @param settleHold    how long the lab must stay converged for a step to count as settled
 */
public record LabSettings(Duration probeInterval, List<String> targets, List<String> gateways, String lan, String uplink,
                          int tcpPort, BladeLab.Switch switchMode, Duration settleHold) {
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMillis(10);
    public static final List<String> DEFAULT_TARGETS = List.of(BladeLab.TARGET4, BladeLab.TARGET6);
    public static final List<String> DEFAULT_GATEWAYS = List.of(BladeLab.GATEWAY4, BladeLab.GATEWAY6);
    public static final int DEFAULT_TCP_PORT = 80;
    public static final Duration DEFAULT_SETTLE_HOLD = Duration.ofMillis(500);

    public LabSettings {
        targets = List.copyOf(targets);
        gateways = gateways == null ? null : List.copyOf(gateways);
    }

    /** Every default: everything the configs do not say is the lab's own. */
    public static LabSettings defaults() {
        return new LabSettings(DEFAULT_PROBE_INTERVAL, DEFAULT_TARGETS, null, null, null, DEFAULT_TCP_PORT,
                BladeLab.Switch.SNOOPING_NO_QUERIER, DEFAULT_SETTLE_HOLD);
    }
}
