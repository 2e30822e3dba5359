/**
 * Egress verification in the lab (issue "Typed route hooks and egress verification", section
 * 5): vrrpd on the routers of {@link io.vrrpd.lab.BladeLab}, with default-gateway and exec
 * hooks, against the real kernel and real probe traffic from the client namespace.
 *
 * <ul>
 *   <li>{@link io.vrrpd.lab.VrrpdPeer} (the kit's vrrpd launcher): status over the control
 *   socket, every reported-state transition (watch stream, status reads, daemon log), the real
 *   {@code vrrpctl} for status/drain/undrain.</li>
 *   <li>{@link io.vrrpd.tests.egress.RouteMonitor}: {@code ip -ts monitor route} under
 *   SCHED_FIFO, to put route changes on the same clock as the daemon's transitions.</li>
 *   <li>{@link io.vrrpd.tests.egress.BladeConfigs}, {@link io.vrrpd.tests.egress.Routes}: blade-a/b
 *   shaped configs, and what the kernel holds.</li>
 *   <li>Tests: {@code BytemarkRebootTest} (order ACTIVATING, route, MASTER after a reboot of the
 *   active blade), {@code UpstreamDownTest} (EGRESS_FAILED and demotion), {@code DeletedStateTest}
 *   (routes and VIPs restored and counted), {@code RenamedInstanceCheckTest} ({@code vrrpd
 *   --check}), {@code BadHooksTest} (failing, stuck, slow exec hooks; advert cadence),
 *   {@code HandoverTimingTest} (ACTIVATING to MASTER, ten handovers). Numbers:
 *   bench/results/egress.md, bench/results/advert-jitter-slow-hook.md.</li>
 * </ul>
 *
 * Run: {@code mvn -B -pl tests -am test '-Dtest=io/vrrpd/tests/egress/*Test'
 * -Dsurefire.failIfNoSpecifiedTests=false} (about one minute; needs root, iproute2, tcpdump or
 * dumpcap, tshark, iputils-ping).
 */
package io.vrrpd.tests.egress;
