package io.vrrpd.daemon.config;

import io.vrrpd.hooks.kernel.InterfaceSelector;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the {@code default-gateway} hook: install a default route via {@code gateway}
 * on becoming master, verify egress through it before reporting MASTER, and act when that
 * fails.
 *
 * @param gateway           next hop; its family must be that of every bound instance
 * @param interfaceSelector the uplink the gateway is reached over
 * @param table             routing table, 1-4294967295 except 255 (local); default 254 (main)
 * @param metric            route metric (priority), default 0
 * @param verify            how egress is verified
 * @param onFailure         what to do while verification fails
 * @param demoteBy          how much the advertised priority drops under {@link OnFailure#DEMOTE}
 * @param onBackup          what happens to the route when not master
 * @param holdDown          how long readiness must hold before a demoted router gets its priority back
 */
public record DefaultGatewayHook(
        InetAddress gateway,
        InterfaceSelector interfaceSelector,
        long table,
        long metric,
        Verify verify,
        OnFailure onFailure,
        int demoteBy,
        OnBackup onBackup,
        Duration holdDown) implements HookSettings {

    public static final long MAIN_TABLE = 254;
    public static final int DEFAULT_DEMOTE_BY = 254;
    static final HookType<DefaultGatewayHook> TYPE = new Type();

    public DefaultGatewayHook {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(interfaceSelector, "interfaceSelector");
        Objects.requireNonNull(verify, "verify");
        Objects.requireNonNull(onFailure, "onFailure");
        Objects.requireNonNull(onBackup, "onBackup");
        Objects.requireNonNull(holdDown, "holdDown");
    }

    /**
     * How egress is verified after every transition to master, every {@code interval} while
     * master, and when the kernel reports a change to the route.
     *
     * @param fib      the kernel's route lookup towards the gateway's side resolves via our route
     * @param neighbor the gateway's neighbour entry is (or becomes) reachable
     * @param probe    an optional active probe through the gateway
     * @param timeout  deadline of one verification
     * @param interval period of re-verification while master
     */
    public record Verify(boolean fib, boolean neighbor, Optional<Probe> probe, Duration timeout, Duration interval) {
        public static final Verify DEFAULT =
                new Verify(true, true, Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(10));

        public Verify {
            Objects.requireNonNull(probe, "probe");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(interval, "interval");
        }
    }

    /**
     * An active probe sent through the gateway.
     *
     * @param port TCP port for {@link ProbeType#TCP}; 0 for ICMP
     */
    public record Probe(ProbeType type, InetAddress target, int port, ProbeSource source) {
        public Probe {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(source, "source");
        }
    }

    public enum ProbeType { ICMP, TCP }

    /** Source address of probes: a virtual address, or the router's own address on the uplink. */
    public enum ProbeSource { VIP, ROUTER }

    public enum OnFailure {
        /** Advertise priority minus demote-by so a peer with healthy egress takes over. */
        DEMOTE,
        /** Stay master, report EGRESS_FAILED. */
        HOLD
    }

    /** What happens to the default route when the instance is not master. */
    public sealed interface OnBackup {
        /** Remove the route (the default). */
        record Withdraw() implements OnBackup {}

        /** Leave the route installed. */
        record Keep() implements OnBackup {}

        /** Replace it with a route via another gateway (e.g. through the master). */
        record Via(InetAddress gateway) implements OnBackup {
            public Via {
                Objects.requireNonNull(gateway, "gateway");
            }
        }
    }

    private static final class Type implements TreeHookType<DefaultGatewayHook> {
        @Override
        public String name() {
            return "default-gateway";
        }

        @Override
        public Class<DefaultGatewayHook> settingsType() {
            return DefaultGatewayHook.class;
        }

        @Override
        public DefaultGatewayHook parse(Node body) {
            body.onlyFields(List.of("gateway", "interface", "table", "metric", "verify", "on-failure", "demote-by",
                    "on-backup", "hold-down"));
            Node gwNode = body.field("gateway");
            if (gwNode.isMissing()) {
                gwNode.required();
            }
            InetAddress gateway = gwNode.ip();
            Node ifNode = body.field("interface");
            if (ifNode.isMissing()) {
                ifNode.required();
            }
            InterfaceSelector iface = ConfigLoader.selector(ifNode);
            Long table = table(body.field("table"));
            Long metric = body.field("metric").integer(0, 4_294_967_295L, 0L);
            Verify verify = verify(body.field("verify"));
            OnFailure onFailure = body.field("on-failure")
                    .choice(Map.of("demote", OnFailure.DEMOTE, "hold", OnFailure.HOLD), OnFailure.DEMOTE);
            Integer demoteBy = body.field("demote-by").intIn(1, 254, DEFAULT_DEMOTE_BY);
            OnBackup onBackup = onBackup(body.field("on-backup"));
            Duration holdDown = body.field("hold-down")
                    .duration(Duration.ofSeconds(10), Duration.ZERO, Duration.ofHours(1));
            if (gateway == null || iface == null || table == null || metric == null || verify == null
                    || onFailure == null || demoteBy == null || onBackup == null || holdDown == null) {
                return null;
            }
            return new DefaultGatewayHook(gateway, iface, table, metric, verify, onFailure, demoteBy, onBackup,
                    holdDown);
        }

        private static Long table(Node n) {
            if (!n.isMissing() && n.json().isTextual() && n.json().asText().equals("main")) {
                return MAIN_TABLE;
            }
            if (!n.isMissing() && !n.json().isIntegralNumber()) {
                n.problem(n.shown() + " is not a routing table", "main, or a table number 1-4294967295");
                return null;
            }
            Long t = n.integer(1, 4_294_967_295L, MAIN_TABLE);
            if (t != null && t == 255) {
                n.problem("255 is the kernel's local table", "main, or a table number 1-4294967295 other than 255");
                return null;
            }
            return t;
        }

        private static Verify verify(Node n) {
            if (!n.expectObject("{fib: true, neighbor: true, timeout: 2s}")) {
                return n.isMissing() ? Verify.DEFAULT : null;
            }
            n.onlyFields(List.of("fib", "neighbor", "probe", "timeout", "interval"));
            Boolean fib = n.field("fib").bool(true);
            Boolean neighbor = n.field("neighbor").bool(true);
            Node probeNode = n.field("probe");
            Optional<Probe> probe = Optional.empty();
            boolean probeOk = true;
            if (probeNode.expectObject("{type: icmp, target: 203.0.113.1}")) {
                Probe p = probe(probeNode);
                probeOk = p != null;
                probe = Optional.ofNullable(p);
            } else if (!probeNode.isMissing()) {
                probeOk = false;
            }
            Duration timeout = n.field("timeout").duration(Duration.ofSeconds(2), Duration.ofMillis(10),
                    Duration.ofMinutes(1));
            Duration interval = n.field("interval").duration(Duration.ofSeconds(10), Duration.ofMillis(100),
                    Duration.ofHours(1));
            if (timeout != null && interval != null && timeout.compareTo(interval) > 0) {
                n.field("timeout").problem("timeout " + Durations.format(timeout) + " is longer than interval "
                        + Durations.format(interval), "a timeout no longer than verify.interval");
                return null;
            }
            if (fib == null || neighbor == null || !probeOk || timeout == null || interval == null) {
                return null;
            }
            return new Verify(fib, neighbor, probe, timeout, interval);
        }

        private static Probe probe(Node n) {
            n.onlyFields(List.of("type", "target", "port", "source"));
            Node typeNode = n.field("type");
            if (typeNode.isMissing()) {
                typeNode.required();
            }
            ProbeType type = typeNode.choice(Map.of("icmp", ProbeType.ICMP, "tcp", ProbeType.TCP), null);
            Node targetNode = n.field("target");
            if (targetNode.isMissing()) {
                targetNode.required();
            }
            InetAddress target = targetNode.ip();
            Node portNode = n.field("port");
            Integer port = portNode.intIn(1, 65535, 0);
            if (type == ProbeType.TCP && portNode.isMissing()) {
                portNode.problem("a tcp probe needs a port", "port: 1-65535");
                port = null;
            } else if (type == ProbeType.ICMP && !portNode.isMissing()) {
                portNode.problem("an icmp probe has no port", "no port, or type: tcp");
                port = null;
            }
            ProbeSource source = n.field("source")
                    .choice(Map.of("vip", ProbeSource.VIP, "router", ProbeSource.ROUTER), ProbeSource.ROUTER);
            if (type == null || target == null || port == null || source == null) {
                return null;
            }
            return new Probe(type, target, port, source);
        }

        private static OnBackup onBackup(Node n) {
            String hint = "withdraw, keep, or {via: {gateway: 198.51.100.2}}";
            if (n.isMissing()) {
                return new OnBackup.Withdraw();
            }
            if (n.json().isTextual()) {
                Map<String, OnBackup> simple = new LinkedHashMap<>();
                simple.put("withdraw", new OnBackup.Withdraw());
                simple.put("keep", new OnBackup.Keep());
                OnBackup b = simple.get(n.json().asText());
                if (b == null) {
                    n.problem(n.shown() + " is not a valid choice", hint);
                }
                return b;
            }
            if (!n.expectObject(hint)) {
                return null;
            }
            n.onlyFields(List.of("via"));
            Node via = n.field("via");
            if (via.isMissing()) {
                via.required();
                return null;
            }
            if (!via.expectObject("{gateway: 198.51.100.2}")) {
                return null;
            }
            via.onlyFields(List.of("gateway"));
            Node gw = via.field("gateway");
            if (gw.isMissing()) {
                gw.required();
            }
            InetAddress a = gw.ip();
            return a == null ? null : new OnBackup.Via(a);
        }

        @Override
        public void check(DefaultGatewayHook s, HookContext context) {
            context.requireInterface("interface", s.interfaceSelector());
            String family = IpLiterals.familyName(s.gateway());
            for (InstanceConfig i : context.boundInstances()) {
                if (!i.family().configName().equals(family)) {
                    context.problem("gateway", "gateway " + IpLiterals.format(s.gateway()) + " is " + family
                                    + " but instance " + i.name() + " is " + i.family().configName(),
                            "an " + i.family().configName() + " gateway, or bind only " + family + " instances");
                }
            }
            s.verify().probe().ifPresent(p -> {
                if (!IpLiterals.familyName(p.target()).equals(family)) {
                    context.problem("verify.probe.target", "probe target " + IpLiterals.format(p.target()) + " is "
                            + IpLiterals.familyName(p.target()) + " but the gateway is " + family,
                            "an " + family + " target");
                }
            });
            if (s.onBackup() instanceof OnBackup.Via via && !IpLiterals.familyName(via.gateway()).equals(family)) {
                context.problem("on-backup.via.gateway", "gateway " + IpLiterals.format(via.gateway()) + " is "
                        + IpLiterals.familyName(via.gateway()) + " but the hook's gateway is " + family,
                        "an " + family + " gateway");
            }
        }
    }
}
