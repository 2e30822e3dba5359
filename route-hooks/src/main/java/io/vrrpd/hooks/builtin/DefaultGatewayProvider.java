package io.vrrpd.hooks.builtin;

import io.vrrpd.core.IpText;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.Durations;
import io.vrrpd.hooks.FailurePolicy;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookConfigProblem;
import io.vrrpd.hooks.HookContext;
import io.vrrpd.hooks.HookProvider;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.OnBackup;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.Probe;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.ProbeSource;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.ProbeType;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.Verify;
import io.vrrpd.hooks.kernel.Link;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The built-in {@code default-gateway} hook type: its rules, and the hook. */
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
    public List<HookConfigProblem> validate(DefaultGatewayConfig c, List<InstanceRef> instances) {
        List<HookConfigProblem> problems = new ArrayList<>();
        if (c.instances().isEmpty() && c.syncGroups().isEmpty()) {
            problems.add(new HookConfigProblem("instances", "the hook is bound to nothing",
                    "instances or sync-groups naming at least one instance"));
        }
        InetAddress gw = c.gateway();
        if (gw == null) {
            problems.add(new HookConfigProblem("gateway", "missing required field",
                    "the next hop's IPv4 or IPv6 address, e.g. 198.51.100.1"));
        } else {
            if (gw.isAnyLocalAddress() || gw.isMulticastAddress() || gw.isLoopbackAddress()) {
                problems.add(new HookConfigProblem("gateway", IpText.format(gw) + " cannot be a next hop",
                        "a unicast address on the uplink"));
            }
            String family = AddressFamily.of(gw).configName();
            for (InstanceRef i : instances) {
                if (i.family() != AddressFamily.of(gw)) {
                    String other = i.family().configName();
                    problems.add(new HookConfigProblem("gateway", "gateway " + IpText.format(gw) + " is " + family
                            + " but instance " + i.name() + " is " + other,
                            "an " + other + " gateway, or bind only " + family + " instances"));
                }
            }
        }
        if (c.uplink() == null) {
            problems.add(new HookConfigProblem("interface", "missing required field",
                    "the uplink the gateway is reached over, e.g. up0"));
        }
        if (c.table() < 1 || c.table() > DefaultGatewayConfig.MAX_TABLE) {
            problems.add(new HookConfigProblem("table", c.table() + " is out of range",
                    "main, or a table number 1-" + DefaultGatewayConfig.MAX_TABLE));
        } else if (c.table() == DefaultGatewayConfig.LOCAL_TABLE) {
            problems.add(new HookConfigProblem("table", "255 is the kernel's local table",
                    "main, or a table number 1-" + DefaultGatewayConfig.MAX_TABLE + " other than 255"));
        }
        if (c.metric() < 0 || c.metric() > DefaultGatewayConfig.MAX_METRIC) {
            problems.add(new HookConfigProblem("metric", c.metric() + " is out of range",
                    "0-" + DefaultGatewayConfig.MAX_METRIC));
        }
        if (c.demoteBy() < FailurePolicy.MIN_DEMOTE_BY || c.demoteBy() > FailurePolicy.MAX_DEMOTE_BY) {
            problems.add(new HookConfigProblem("demote-by", c.demoteBy() + " is out of range",
                    FailurePolicy.MIN_DEMOTE_BY + "-" + FailurePolicy.MAX_DEMOTE_BY));
        }
        within(problems, "hold-down", c.holdDown(), Duration.ZERO, FailurePolicy.MAX_HOLD_DOWN);
        verify(problems, c.verify(), gw);
        OnBackup ob = c.onBackup();
        if (ob.action() == OnBackup.Action.VIA && gw != null) {
            if (AddressFamily.of(ob.via()) != AddressFamily.of(gw)) {
                String family = AddressFamily.of(gw).configName();
                problems.add(new HookConfigProblem("on-backup.via.gateway", "gateway " + IpText.format(ob.via())
                        + " is " + AddressFamily.of(ob.via()).configName() + " but the hook's gateway is " + family,
                        "an " + family + " gateway"));
            } else if (ob.via().equals(gw)) {
                problems.add(new HookConfigProblem("on-backup.via.gateway", IpText.format(ob.via())
                        + " is the hook's gateway itself", "another next hop, or on-backup: keep"));
            }
        }
        return problems;
    }

    private static void verify(List<HookConfigProblem> problems, Verify v, InetAddress gw) {
        boolean timeoutOk = within(problems, "verify.timeout", v.timeout(), Verify.MIN_TIMEOUT, Verify.MAX_TIMEOUT);
        boolean intervalOk = within(problems, "verify.interval", v.interval(), Verify.MIN_INTERVAL, Verify.MAX_INTERVAL);
        if (timeoutOk && intervalOk && v.timeout().compareTo(v.interval()) > 0) {
            problems.add(new HookConfigProblem("verify.timeout", "timeout " + Durations.format(v.timeout())
                    + " is longer than interval " + Durations.format(v.interval()), "a timeout no longer than verify.interval"));
        }
        Probe p = v.probe();
        if (!v.fib() && !v.neighbor() && p == null) {
            problems.add(new HookConfigProblem("verify", "every check is off, so nothing would be verified",
                    "fib, neighbor or a probe"));
        }
        if (p == null) {
            return;
        }
        if (p.type() == null) {
            problems.add(new HookConfigProblem("verify.probe.type", "missing required field", "icmp or tcp"));
        }
        if (p.target() == null) {
            problems.add(new HookConfigProblem("verify.probe.target", "missing required field",
                    "an address beyond the gateway, e.g. 203.0.113.1"));
        } else if (gw != null && AddressFamily.of(p.target()) != AddressFamily.of(gw)) {
            String family = AddressFamily.of(gw).configName();
            problems.add(new HookConfigProblem("verify.probe.target", "probe target " + IpText.format(p.target()) + " is "
                    + AddressFamily.of(p.target()).configName() + " but the gateway is " + family, "an " + family + " target"));
        }
        if (p.type() == ProbeType.TCP && p.port() == null) {
            problems.add(new HookConfigProblem("verify.probe.port", "a tcp probe needs a port", "port: 1-65535"));
        } else if (p.type() == ProbeType.TCP && (p.port() < 1 || p.port() > 65535)) {
            problems.add(new HookConfigProblem("verify.probe.port", p.port() + " is out of range", "1-65535"));
        } else if (p.type() == ProbeType.ICMP && p.port() != null) {
            problems.add(new HookConfigProblem("verify.probe.port", "an icmp probe has no port", "no port, or type: tcp"));
        }
        if (p.type() == ProbeType.ICMP && p.source() == ProbeSource.VIP) {
            problems.add(new HookConfigProblem("verify.probe.source", "source vip with an icmp probe: ICMP echo is sent"
                    + " with the JDK's InetAddress.isReachable, which cannot choose a source address",
                    "source: router, or type: tcp"));
        }
    }

    /** The uplink must be one interface of this host. */
    @Override
    public List<HookConfigProblem> checkOnHost(DefaultGatewayConfig c, List<Link> links) {
        return c.uplink().mismatchIn(links).map(m -> new HookConfigProblem("interface", m.message(), m.expected()))
                .stream().toList();
    }

    private static boolean within(List<HookConfigProblem> problems, String path, Duration d, Duration min, Duration max) {
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problems.add(new HookConfigProblem(path, Durations.format(d) + " is out of range",
                    Durations.format(min) + " to " + Durations.format(max)));
            return false;
        }
        return true;
    }

    @Override
    public Hook create(DefaultGatewayConfig config, HookContext context) {
        return new DefaultGatewayHook(config, context);
    }
}
