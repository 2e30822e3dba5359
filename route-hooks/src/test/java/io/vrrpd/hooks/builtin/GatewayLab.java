package io.vrrpd.hooks.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.Deadline;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.ReportedState;
import io.vrrpd.hooks.TransitionEvent;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;
import io.vrrpd.hooks.kernel.rtnetlink.RtNetlink;
import io.vrrpd.hooks.kernel.rtnetlink.RtNetlinkKernel;
import io.vrrpd.hooks.testlab.Lab;
import org.junit.jupiter.api.Assumptions;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A router {@code r} whose uplink {@code up0} (198.51.100.10, 2001:db8:ff::10) reaches an
 * upstream {@code u} ({@code eth0}: 198.51.100.1, 2001:db8:ff::1) that holds the "internet"
 * target 203.0.113.1 / 2001:db8:99::1 on its loopback. The router's LAN is {@code lan0}, one end of a veth pair,
 * with the VIPs 192.0.2.1 and 2001:db8:1::1. The upstream has no return route to the LAN
 * until a test adds one. {@code ip -j} inside the namespaces is the independent observer.
 */
final class GatewayLab implements AutoCloseable {
    static final InstanceRef GW4 = new InstanceRef("gw4", AddressFamily.IPV4, 51, "lan0");
    static final InstanceRef GW6 = new InstanceRef("gw6", AddressFamily.IPV6, 51, "lan0");
    static final InetAddress UP4 = addr("198.51.100.1");
    static final InetAddress UP6 = addr("2001:db8:ff::1");
    static final InetAddress VIP4 = addr("192.0.2.1");
    static final InetAddress VIP6 = addr("2001:db8:1::1");
    static final InetAddress NET4 = addr("203.0.113.1");
    static final InetAddress NET6 = addr("2001:db8:99::1");

    final Lab lab;
    final String r;
    final String u;
    final RtNetlinkKernel kernel;

    private GatewayLab(Lab lab, String r, String u, RtNetlinkKernel kernel) {
        this.lab = lab;
        this.r = r;
        this.u = u;
        this.kernel = kernel;
    }

    static GatewayLab create() throws KernelException {
        Lab lab = Lab.create("hk");
        try {
            Assumptions.assumeTrue(RtNetlink.isAvailable(), () -> "rtnetlink unavailable: " + RtNetlink.unavailabilityCause());
            String r = lab.addHost("r", true);
            String u = lab.addHost("u", false);
            lab.veth(r, "up0", u, "eth0");
            lab.veth(r, "lan0", r, "lan0p"); // the LAN side; no dummy module on every kernel
            lab.in(r, "ip", "addr", "add", "192.0.2.1/24", "dev", "lan0");
            lab.in(r, "ip", "addr", "add", "2001:db8:1::1/64", "dev", "lan0", "nodad");
            lab.in(r, "ip", "addr", "add", "198.51.100.10/24", "dev", "up0");
            lab.in(r, "ip", "addr", "add", "2001:db8:ff::10/64", "dev", "up0", "nodad");
            lab.in(u, "ip", "addr", "add", "198.51.100.1/24", "dev", "eth0");
            lab.in(u, "ip", "addr", "add", "2001:db8:ff::1/64", "dev", "eth0", "nodad");
            lab.in(u, "ip", "addr", "add", "203.0.113.1/32", "dev", "lo");
            lab.in(u, "ip", "addr", "add", "2001:db8:99::1/128", "dev", "lo", "nodad");
            return new GatewayLab(lab, r, u, RtNetlinkKernel.openIn(r));
        } catch (RuntimeException | KernelException | Error e) {
            lab.close();
            throw e;
        }
    }

    /** Return routes from the upstream to the router's LAN, so probes sourced from a VIP get answers. */
    void addReturnRoutes() {
        lab.in(u, "ip", "route", "add", "192.0.2.0/24", "via", "198.51.100.10");
        lab.in(u, "ip", "-6", "route", "add", "2001:db8:1::/64", "via", "2001:db8:ff::10");
    }

    Hook hook(DefaultGatewayConfig config, InstanceRef... instances) {
        DefaultGatewayProvider provider = new DefaultGatewayProvider();
        List<InstanceRef> refs = List.of(instances);
        var problems = provider.validate(config, refs);
        if (!problems.isEmpty()) {
            throw new AssertionError("config refused: " + problems);
        }
        return provider.create(config, Lab.hookContextIn(r, kernel, refs));
    }

    static TransitionEvent event(InstanceRef i, ReportedState from, ReportedState to) {
        List<InetAddress> vips = i.family() == AddressFamily.IPV4 ? List.of(VIP4) : List.of(addr("fe80::1"), VIP6);
        return new TransitionEvent(i, from, to, vips, "test", Instant.now());
    }

    static TransitionEvent takeover(InstanceRef i) {
        return event(i, ReportedState.BACKUP, ReportedState.ACTIVATING);
    }

    static Deadline deadline(Hook hook) {
        return Deadline.after(hook.timeout());
    }

    /** {@code ip -j [-6] route show table TABLE proto 200} in the router. */
    JsonNode ourRoutes(boolean v6, String table) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-j"));
        if (v6) {
            cmd.add("-6");
        }
        cmd.addAll(List.of("route", "show", "table", table, "proto", "200"));
        return json(lab.in(r, cmd.toArray(String[]::new)));
    }

    static JsonNode json(String out) {
        return Lab.json(out);
    }

    /** A TCP listener in the upstream namespace on {@code address}, port chosen by the kernel. */
    ServerSocketChannel listenUpstream(InetAddress address) throws Exception {
        return NetNamespace.callIn(u, () -> {
            ServerSocketChannel s = ServerSocketChannel.open();
            s.bind(new InetSocketAddress(address, 0));
            return s;
        });
    }

    /** A port on {@code address} in the upstream with nothing listening (bound, then closed). */
    int closedPortUpstream(InetAddress address) throws Exception {
        try (ServerSocketChannel s = listenUpstream(address)) {
            return ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
    }

    static DefaultGatewayConfig.Verify verify(Duration timeout, DefaultGatewayConfig.Probe probe) {
        return new DefaultGatewayConfig.Verify(null, null, probe, timeout, null);
    }

    static InetAddress addr(String text) {
        try {
            return InetAddress.getByName(text); // literals only
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Override
    public void close() {
        try {
            kernel.close();
        } catch (KernelException ignored) {
            // the namespace goes anyway
        } finally {
            lab.close();
        }
    }
}
