package io.vrrpd.hooks.builtin;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.ConfigProblem;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookContext;
import io.vrrpd.hooks.HookProvider;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.OnBackup;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.Probe;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.ProbeSource;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.ProbeType;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The built-in {@code default-gateway} hook type. */
public final class DefaultGatewayProvider implements HookProvider<DefaultGatewayConfig> {
    public static final String TYPE = "default-gateway";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<DefaultGatewayConfig> configType() {
        return DefaultGatewayConfig.class;
    }

    @Override
    public List<ConfigProblem> validate(DefaultGatewayConfig c, List<InstanceRef> instances) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (c.instances().isEmpty() && c.syncGroups().isEmpty()) {
            problems.add(new ConfigProblem("instances", "the hook is bound to nothing (expected: instances or sync-groups naming at least one instance)"));
        }
        InetAddress gw = c.gateway();
        if (gw == null) {
            problems.add(new ConfigProblem("gateway", "missing (expected: the next hop's IPv4 or IPv6 address, e.g. 198.51.100.1)"));
        } else {
            if (gw.isAnyLocalAddress() || gw.isMulticastAddress() || gw.isLoopbackAddress()) {
                problems.add(new ConfigProblem("gateway", gw.getHostAddress() + " cannot be a next hop (expected: a unicast address on the uplink)"));
            }
            AddressFamily family = familyOf(gw);
            for (InstanceRef i : instances) {
                if (i.family() != family) {
                    problems.add(new ConfigProblem("gateway", "gateway " + gw.getHostAddress() + " is " + name(family)
                            + " but instance " + i.name() + " is " + name(i.family())
                            + " (expected: one default-gateway hook per family, bound to instances of that family)"));
                }
            }
        }
        String ifname = c.interfaceName();
        if (ifname == null || ifname.isEmpty()) {
            problems.add(new ConfigProblem("interface", "missing (expected: the uplink interface's name, e.g. up0)"));
        } else if (ifname.length() > 15 || ifname.contains("/") || ifname.chars().anyMatch(Character::isWhitespace)) {
            problems.add(new ConfigProblem("interface", "'" + ifname + "' is not an interface name (expected: at most 15 characters, no '/' or spaces)"));
        }
        if (c.table() < 1 || c.table() > 0xffff_ffffL || c.table() == 255 || c.table() == 253) {
            problems.add(new ConfigProblem("table", c.table() + " (expected: 1..4294967295 other than 253 (default) and 255 (local); 254 is main)"));
        }
        if (c.metric() < 0 || c.metric() > 0xffff_ffffL) {
            problems.add(new ConfigProblem("metric", c.metric() + " (expected: 0..4294967295)"));
        }
        if (c.demoteBy() < 0 || c.demoteBy() > 254) {
            problems.add(new ConfigProblem("demote-by", c.demoteBy() + " (expected: 0..254)"));
        }
        positive(problems, "hold-down", c.holdDown(), true);
        DefaultGatewayConfig.Verify v = c.verify();
        positive(problems, "verify.timeout", v.timeout(), false);
        positive(problems, "verify.interval", v.interval(), false);
        Probe p = v.probe();
        if (!v.fib() && !v.neighbor() && p == null) {
            problems.add(new ConfigProblem("verify", "every check is off, so nothing would be verified (expected: fib, neighbor or a probe)"));
        }
        if (p != null) {
            if (p.type() == null) {
                problems.add(new ConfigProblem("verify.probe.type", "missing (expected: icmp or tcp)"));
            }
            if (p.target() == null) {
                problems.add(new ConfigProblem("verify.probe.target", "missing (expected: an address beyond the gateway, e.g. 203.0.113.1)"));
            } else if (gw != null && familyOf(p.target()) != familyOf(gw)) {
                problems.add(new ConfigProblem("verify.probe.target", p.target().getHostAddress() + " is " + name(familyOf(p.target()))
                        + " but the gateway is " + name(familyOf(gw)) + " (expected: the same family)"));
            }
            if (p.type() == ProbeType.TCP && (p.port() == null || p.port() < 1 || p.port() > 65535)) {
                problems.add(new ConfigProblem("verify.probe.port", (p.port() == null ? "missing" : p.port().toString())
                        + " (expected: 1..65535 for a tcp probe)"));
            }
            if (p.type() == ProbeType.ICMP && p.port() != null) {
                problems.add(new ConfigProblem("verify.probe.port", "set for an icmp probe (expected: no port, or type tcp)"));
            }
            if (p.type() == ProbeType.ICMP && p.source() == ProbeSource.VIP) {
                problems.add(new ConfigProblem("verify.probe.source", "vip with an icmp probe: ICMP echo is sent with the JDK's "
                        + "InetAddress.isReachable, which cannot choose a source address (expected: source router, or type tcp)"));
            }
        }
        OnBackup ob = c.onBackup();
        if (ob.action() == OnBackup.Action.VIA && gw != null) {
            if (familyOf(ob.via()) != familyOf(gw)) {
                problems.add(new ConfigProblem("on-backup.via", ob.via().getHostAddress() + " is " + name(familyOf(ob.via()))
                        + " but the gateway is " + name(familyOf(gw)) + " (expected: the same family)"));
            } else if (ob.via().equals(gw)) {
                problems.add(new ConfigProblem("on-backup.via", ob.via().getHostAddress() + " is the gateway itself (expected: another next hop, or on-backup: keep)"));
            }
        }
        return problems;
    }

    private static void positive(List<ConfigProblem> problems, String path, Duration d, boolean zeroOk) {
        if (d.isNegative() || (!zeroOk && d.isZero())) {
            problems.add(new ConfigProblem(path, d + " (expected: " + (zeroOk ? "zero or more" : "more than zero") + ", e.g. 2s)"));
        }
    }

    static AddressFamily familyOf(InetAddress a) {
        return a instanceof Inet6Address ? AddressFamily.IPV6 : AddressFamily.IPV4;
    }

    private static String name(AddressFamily f) {
        return f.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Hook create(DefaultGatewayConfig config, HookContext context) {
        return new DefaultGatewayHook(config, context);
    }
}
