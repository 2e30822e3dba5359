package io.vrrpd.daemon.config;

import io.vrrpd.hooks.FailurePolicy;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.OnBackup;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.Probe;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.ProbeSource;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.ProbeType;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.Verify;

import java.net.InetAddress;
import java.util.List;

/**
 * Reads a {@code default-gateway} hook's fields from the YAML tree into its
 * {@link DefaultGatewayConfig}, reporting every field of the wrong kind at its line (an unknown
 * field, a gateway that is not an address, a table that is neither {@code main} nor a number).
 * What it cannot read is left null, which the record turns into its default; whether the values
 * are valid is the provider's to say ({@code DefaultGatewayProvider.validate}).
 */
final class DefaultGatewayFields {
    static final List<String> FIELDS = List.of("gateway", "interface", "table", "metric", "verify", "on-failure",
            "demote-by", "on-backup", "hold-down");

    private DefaultGatewayFields() {
    }

    static DefaultGatewayConfig read(Node body, List<String> instances, List<String> syncGroups) {
        body.onlyFields(FIELDS);
        return new DefaultGatewayConfig(instances, syncGroups, body.field("gateway").ip(),
                ConfigLoader.selector(body.field("interface")), table(body.field("table")), body.field("metric").integer(),
                verify(body.field("verify")), body.field("on-failure").choice(FailurePolicy.Action.class),
                body.field("demote-by").anyInt(), onBackup(body.field("on-backup")), body.field("hold-down").duration());
    }

    private static Long table(Node n) {
        if (!n.isMissing() && n.json().isTextual() && n.json().asText().equals("main")) {
            return DefaultGatewayConfig.DEFAULT_TABLE;
        }
        if (!n.isMissing() && !n.json().isIntegralNumber()) {
            n.problem(n.shown() + " is not a routing table", "main, or a table number 1-" + DefaultGatewayConfig.MAX_TABLE);
            return null;
        }
        return n.integer();
    }

    private static Verify verify(Node n) {
        if (!n.expectObject("{fib: true, neighbor: true, timeout: 2s}")) {
            return null;
        }
        n.onlyFields(List.of("fib", "neighbor", "probe", "timeout", "interval"));
        Node probe = n.field("probe");
        return new Verify(n.field("fib").bool(), n.field("neighbor").bool(),
                probe.expectObject("{type: icmp, target: 203.0.113.1}") ? probe(probe) : null,
                n.field("timeout").duration(), n.field("interval").duration());
    }

    private static Probe probe(Node n) {
        n.onlyFields(List.of("type", "target", "port", "source"));
        return new Probe(n.field("type").choice(ProbeType.class), n.field("target").ip(), n.field("port").anyInt(),
                n.field("source").choice(ProbeSource.class));
    }

    private static OnBackup onBackup(Node n) {
        String hint = "withdraw, keep, or {via: {gateway: 198.51.100.2}}";
        if (n.isMissing()) {
            return null;
        }
        if (n.json().isTextual()) {
            return switch (n.json().asText()) {
                case "withdraw" -> OnBackup.WITHDRAW;
                case "keep" -> OnBackup.KEEP;
                default -> {
                    n.problem(n.shown() + " is not a valid choice", hint);
                    yield null;
                }
            };
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
        return a == null ? null : OnBackup.via(a);
    }
}
