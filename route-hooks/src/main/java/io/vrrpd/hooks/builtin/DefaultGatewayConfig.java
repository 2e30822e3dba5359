package io.vrrpd.hooks.builtin;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vrrpd.hooks.FailurePolicy;
import io.vrrpd.hooks.HookConfig;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Config of the {@code default-gateway} hook (docs/hooks.md). Absent fields take their
 * defaults here, so a bound record never holds null where a default exists; {@code gateway}
 * and {@code interface} have none and are checked by {@link DefaultGatewayProvider#validate}.
 *
 * @param instances  instance names the hook is bound to
 * @param syncGroups sync-group names (all members are bound)
 * @param gateway    next hop of the default route; its family is the route's family
 * @param interfaceName  {@code interface}: the uplink the gateway is reached over
 * @param table      routing table, default 254 (main)
 * @param metric     route metric, default 0 (IPv6: the kernel shows 1024)
 * @param verify     what verifies egress
 * @param onFailure  {@code demote} (default) or {@code hold}
 * @param demoteBy   priority drop while egress fails, default 50
 * @param onBackup   {@code withdraw} (default), {@code keep}, or {@code {via: ADDRESS}}
 * @param holdDown   how long verification must hold before a demotion is lifted, default 10s
 */
public record DefaultGatewayConfig(List<String> instances, List<String> syncGroups, InetAddress gateway,
                                   @JsonProperty("interface") String interfaceName, Long table, Long metric,
                                   Verify verify, FailurePolicy.Action onFailure, Integer demoteBy, OnBackup onBackup,
                                   Duration holdDown) implements HookConfig {
    public static final long DEFAULT_TABLE = 254;

    public DefaultGatewayConfig {
        instances = instances == null ? List.of() : List.copyOf(instances);
        syncGroups = syncGroups == null ? List.of() : List.copyOf(syncGroups);
        table = table == null ? DEFAULT_TABLE : table;
        metric = metric == null ? 0L : metric;
        verify = verify == null ? Verify.DEFAULT : verify;
        onFailure = onFailure == null ? FailurePolicy.Action.DEMOTE : onFailure;
        demoteBy = demoteBy == null ? 50 : demoteBy;
        onBackup = onBackup == null ? OnBackup.WITHDRAW : onBackup;
        holdDown = holdDown == null ? Duration.ofSeconds(10) : holdDown;
    }

    /** The minimal config: these instances, this gateway over this interface, every default. */
    public static DefaultGatewayConfig of(List<String> instances, InetAddress gateway, String interfaceName) {
        return new DefaultGatewayConfig(instances, null, gateway, interfaceName, null, null, null, null, null, null, null);
    }

    public DefaultGatewayConfig withVerify(Verify v) {
        return new DefaultGatewayConfig(instances, syncGroups, gateway, interfaceName, table, metric, v, onFailure,
                demoteBy, onBackup, holdDown);
    }

    public DefaultGatewayConfig withOnBackup(OnBackup b) {
        return new DefaultGatewayConfig(instances, syncGroups, gateway, interfaceName, table, metric, verify, onFailure,
                demoteBy, b, holdDown);
    }

    public DefaultGatewayConfig withTableAndMetric(long t, long m) {
        return new DefaultGatewayConfig(instances, syncGroups, gateway, interfaceName, t, m, verify, onFailure,
                demoteBy, onBackup, holdDown);
    }

    /**
     * How egress is verified after every takeover and on every re-verification.
     *
     * @param fib      a kernel route lookup goes via the gateway and interface (default true)
     * @param neighbor the gateway's ARP/NDP entry resolves, actively solicited (default true)
     * @param probe    an active probe, or null for none
     * @param timeout  the budget of one whole hook call (install + checks), default 2s
     * @param interval re-verification period while master, default 10s
     */
    public record Verify(Boolean fib, Boolean neighbor, Probe probe, Duration timeout, Duration interval) {
        public static final Verify DEFAULT = new Verify(null, null, null, null, null);

        public Verify {
            fib = fib == null ? Boolean.TRUE : fib;
            neighbor = neighbor == null ? Boolean.TRUE : neighbor;
            timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
            interval = interval == null ? Duration.ofSeconds(10) : interval;
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

    public enum ProbeType {
        @JsonProperty("icmp") ICMP,
        @JsonProperty("tcp") TCP
    }

    public enum ProbeSource {
        @JsonProperty("router") ROUTER,
        @JsonProperty("vip") VIP
    }

    /**
     * What happens to the route when no bound instance is master any more (BACKUP, FAULT,
     * INIT, daemon stop): {@code withdraw} deletes it, {@code keep} leaves it, {@code {via: X}}
     * replaces it with a default route via X on the same interface, table and metric.
     */
    public record OnBackup(Action action, InetAddress via) {
        public static final OnBackup WITHDRAW = new OnBackup(Action.WITHDRAW, null);
        public static final OnBackup KEEP = new OnBackup(Action.KEEP, null);

        public OnBackup {
            Objects.requireNonNull(action, "action");
            if ((action == Action.VIA) != (via != null)) {
                throw new IllegalArgumentException("on-backup " + action.name().toLowerCase(Locale.ROOT)
                        + (via == null ? " without" : " with") + " an address (expected: withdraw, keep, or {via: ADDRESS})");
            }
        }

        /** Binds {@code withdraw} / {@code keep}. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static OnBackup named(String name) {
            return switch (name) {
                case "withdraw" -> WITHDRAW;
                case "keep" -> KEEP;
                default -> throw new IllegalArgumentException("on-backup '" + name
                        + "' (expected: withdraw, keep, or {via: ADDRESS})");
            };
        }

        /** Binds {@code {via: ADDRESS}}. */
        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public static OnBackup via(@JsonProperty(value = "via", required = true) InetAddress via) {
            return new OnBackup(Action.VIA, Objects.requireNonNull(via, "via"));
        }

        public enum Action { WITHDRAW, KEEP, VIA }

        @Override
        public String toString() {
            return action == Action.VIA ? "via " + via.getHostAddress() : action.name().toLowerCase(Locale.ROOT);
        }
    }
}
