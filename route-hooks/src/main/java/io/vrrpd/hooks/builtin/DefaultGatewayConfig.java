package io.vrrpd.hooks.builtin;

import io.vrrpd.core.IpText;
import io.vrrpd.hooks.FailurePolicy;
import io.vrrpd.hooks.HookConfig;
import io.vrrpd.hooks.kernel.InterfaceSelector;
import io.vrrpd.hooks.kernel.RouteSpec;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings of the {@code default-gateway} hook, the one definition of them: the daemon reads
 * the YAML into this record, {@link DefaultGatewayProvider#validate} judges it, and the hook runs
 * from it. A null argument takes the default named here, so a record never holds null where a
 * default exists; {@code gateway} and {@code interface} have none. docs/configuration.md and
 * docs/hooks.md list the same defaults and ranges (a test holds them to it).
 *
 * @param instances  instance names the hook is bound to
 * @param syncGroups sync-group names (all members are bound)
 * @param gateway    next hop of the default route; its family is the route's family
 * @param uplink     {@code interface}: the uplink the gateway is reached over, by name or MAC
 * @param table      routing table, default {@value #DEFAULT_TABLE} (main)
 * @param metric     route metric, default {@value #DEFAULT_METRIC} (IPv6: the kernel shows 1024)
 * @param verify     what verifies egress
 * @param onFailure  {@code demote} (default) or {@code hold}
 * @param demoteBy   priority drop while egress fails, default {@value FailurePolicy#DEFAULT_DEMOTE_BY}
 * @param onBackup   {@code withdraw} (default), {@code keep}, or {@code {via: {gateway: ADDRESS}}}
 * @param holdDown   how long readiness must hold before a demotion is lifted, default 10s
 */
public record DefaultGatewayConfig(List<String> instances, List<String> syncGroups, InetAddress gateway,
                                   InterfaceSelector uplink, Long table, Long metric, Verify verify,
                                   FailurePolicy.Action onFailure, Integer demoteBy, OnBackup onBackup,
                                   Duration holdDown) implements HookConfig {
    public static final long DEFAULT_TABLE = RouteSpec.TABLE_MAIN;
    /** Routing tables are 32-bit; 0 is "unspecified". */
    public static final long MAX_TABLE = 0xffff_ffffL;
    /** The kernel's {@code local} table: never a place for a default route. */
    public static final long LOCAL_TABLE = 255;
    public static final long DEFAULT_METRIC = 0;
    public static final long MAX_METRIC = 0xffff_ffffL;

    public DefaultGatewayConfig {
        instances = instances == null ? List.of() : List.copyOf(instances);
        syncGroups = syncGroups == null ? List.of() : List.copyOf(syncGroups);
        table = table == null ? DEFAULT_TABLE : table;
        metric = metric == null ? DEFAULT_METRIC : metric;
        verify = verify == null ? Verify.DEFAULT : verify;
        onFailure = onFailure == null ? FailurePolicy.DEFAULT.onFailure() : onFailure;
        demoteBy = demoteBy == null ? FailurePolicy.DEFAULT_DEMOTE_BY : demoteBy;
        onBackup = onBackup == null ? OnBackup.WITHDRAW : onBackup;
        holdDown = holdDown == null ? FailurePolicy.DEFAULT_HOLD_DOWN : holdDown;
    }

    /** The minimal config: these instances, this gateway over this interface, every default. */
    public static DefaultGatewayConfig of(List<String> instances, InetAddress gateway, String interfaceName) {
        return new DefaultGatewayConfig(instances, null, gateway, new InterfaceSelector.ByName(interfaceName), null, null,
                null, null, null, null, null);
    }

    public DefaultGatewayConfig withVerify(Verify v) {
        return new DefaultGatewayConfig(instances, syncGroups, gateway, uplink, table, metric, v, onFailure,
                demoteBy, onBackup, holdDown);
    }

    public DefaultGatewayConfig withOnBackup(OnBackup b) {
        return new DefaultGatewayConfig(instances, syncGroups, gateway, uplink, table, metric, verify, onFailure,
                demoteBy, b, holdDown);
    }

    public DefaultGatewayConfig withTableAndMetric(long t, long m) {
        return new DefaultGatewayConfig(instances, syncGroups, gateway, uplink, t, m, verify, onFailure,
                demoteBy, onBackup, holdDown);
    }

    /** The failure policy the hook reports. */
    public FailurePolicy failurePolicy() {
        return new FailurePolicy(onFailure, demoteBy, holdDown);
    }

    /**
     * How egress is verified after every takeover, every {@code interval} while master, and when
     * the kernel reports a change to the route.
     *
     * @param fib      a kernel route lookup goes via the gateway and interface (default true)
     * @param neighbor the gateway's ARP/NDP entry resolves, actively solicited (default true)
     * @param probe    an active probe, or null for none
     * @param timeout  the budget of one whole hook call (install + checks), default 2s, at most {@code interval}
     * @param interval re-verification period while master, default 10s
     */
    public record Verify(Boolean fib, Boolean neighbor, Probe probe, Duration timeout, Duration interval) {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
        public static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
        public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
        public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
        public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
        public static final Duration MAX_INTERVAL = Duration.ofHours(1);
        public static final Verify DEFAULT = new Verify(null, null, null, null, null);

        public Verify {
            fib = fib == null ? Boolean.TRUE : fib;
            neighbor = neighbor == null ? Boolean.TRUE : neighbor;
            timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
            interval = interval == null ? DEFAULT_INTERVAL : interval;
        }

        public Verify withProbe(Probe p) {
            return new Verify(fib, neighbor, p, timeout, interval);
        }
    }

    /**
     * An active probe through the gateway.
     *
     * @param type   {@code icmp} (echo, via the JDK) or {@code tcp} (connect)
     * @param target address to probe; also the destination of the FIB lookup
     * @param port   TCP port (tcp only)
     * @param source {@code router} (default: the kernel picks the uplink address) or {@code vip}
     *               (the instance's first virtual address of the family; tcp only)
     */
    public record Probe(ProbeType type, InetAddress target, Integer port, ProbeSource source) {
        public Probe {
            source = source == null ? ProbeSource.ROUTER : source;
        }
    }

    /** {@code icmp} or {@code tcp}. */
    public enum ProbeType { ICMP, TCP }

    /** {@code router} or {@code vip}. */
    public enum ProbeSource { ROUTER, VIP }

    /**
     * What happens to the route when no bound instance is master any more (BACKUP, FAULT,
     * INIT, daemon stop): {@code withdraw} deletes it, {@code keep} leaves it,
     * {@code {via: {gateway: X}}} replaces it with a default route via X on the same interface,
     * table and metric.
     */
    public record OnBackup(Action action, InetAddress via) {
        public static final OnBackup WITHDRAW = new OnBackup(Action.WITHDRAW, null);
        public static final OnBackup KEEP = new OnBackup(Action.KEEP, null);

        public OnBackup {
            Objects.requireNonNull(action, "action");
            if ((action == Action.VIA) != (via != null)) {
                throw new IllegalArgumentException("on-backup " + action + (via == null ? " without" : " with")
                        + " an address (expected: withdraw, keep, or {via: {gateway: ADDRESS}})");
            }
        }

        /** {@code {via: {gateway: ADDRESS}}}. */
        public static OnBackup via(InetAddress gateway) {
            return new OnBackup(Action.VIA, Objects.requireNonNull(gateway, "gateway"));
        }

        public enum Action { WITHDRAW, KEEP, VIA }

        @Override
        public String toString() {
            return switch (action) {
                case WITHDRAW -> "withdraw";
                case KEEP -> "keep";
                case VIA -> "via " + IpText.format(via);
            };
        }
    }
}
