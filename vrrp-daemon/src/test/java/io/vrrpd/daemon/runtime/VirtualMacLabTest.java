package io.vrrpd.daemon.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.daemon.config.ConfigLoader;
import io.vrrpd.daemon.config.InterfaceDirectory;
import io.vrrpd.daemon.config.VrrpdConfig;
import io.vrrpd.hooks.kernel.KernelEvent;
import io.vrrpd.hooks.kernel.rtnetlink.RtNetlinkKernel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code virtual-mac: true} on the real kernel: the instance's macvlan {@code vrrp4.51} holds the
 * VIP while master, so the neighbour learns the virtual MAC for it; it is down and empty while
 * backup; an unchanged reload keeps it; a stop deletes it.
 */
class VirtualMacLabTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String CONFIG = """
            instances:
              gw4: {family: ipv4, interface: eth0, vrid: 51, priority: 150, advert-interval: 100ms,
                    virtual-addresses: [192.0.2.1/24], virtual-mac: true}
            """;

    @Test
    void theMasterAnswersWithTheVirtualMacFromItsMacvlanAndTheBackupsIsDown() throws Exception {
        try (RuntimeLab l = RuntimeLab.create()) {
            l.lab.in(l.r, "sysctl", "-qw", "net.ipv4.conf.eth0.arp_announce=0", "net.ipv4.conf.eth0.arp_ignore=0");
            l.apply(CONFIG);
            await("gw4 master").atMost(BOUND).until(() -> l.status("gw4").state().equals("MASTER"));
            await("the VIP on the macvlan").atMost(BOUND).until(() -> addresses(l, "vrrp4.51").contains("192.0.2.1"));
            JsonNode link = l.lab.ipJson(l.r, "-d", "link", "show", "dev", "vrrp4.51").get(0);
            int index = link.get("ifindex").asInt();
            assertEquals("00:00:5e:00:01:33", link.get("address").asText());
            assertEquals("eth0", link.get("link").asText());
            assertEquals("macvlan", link.get("linkinfo").get("info_kind").asText());
            assertTrue(flags(link).contains("UP"), link::toString);
            assertFalse(addresses(l, "eth0").contains("192.0.2.1"), "not on the parent");
            assertEquals("1", sysctl(l, "net.ipv4.conf.eth0.arp_ignore"));
            assertEquals("2", sysctl(l, "net.ipv4.conf.eth0.arp_announce"));
            assertEquals("0", sysctl(l, "net.ipv4.conf.vrrp4/51.rp_filter"));

            l.lab.in(l.p, "ping", "-c", "1", "-W", "2", "192.0.2.1");
            assertEquals("00:00:5e:00:01:33", l.lab.ipJson(l.p, "neigh", "show", "192.0.2.1", "dev", "eth0").get(0)
                    .get("lladdr").asText(), "the neighbour learnt the virtual MAC");

            // someone sets it down while master: the link event puts it back up (this lab runs no monitor: the test delivers it)
            io.vrrpd.hooks.kernel.Link up;
            try (RtNetlinkKernel k = RtNetlinkKernel.openIn(l.r)) {
                up = k.link("vrrp4.51").orElseThrow();
                l.lab.in(l.r, "ip", "link", "set", "dev", "vrrp4.51", "down");
                io.vrrpd.hooks.kernel.Link down = k.link("vrrp4.51").orElseThrow();
                l.loop.runAndWait(() -> l.runtime.onKernelEvent(new KernelEvent.LinkChanged(up, down)), 10, TimeUnit.SECONDS);
            }
            await("up again").atMost(BOUND).until(() -> flags(l.lab.ipJson(l.r, "link", "show", "dev", "vrrp4.51").get(0))
                    .contains("UP") && addresses(l, "vrrp4.51").contains("192.0.2.1"));

            // someone deletes it: the kernel reports its VIPs deleted with it, and the instance makes it afresh
            int before = l.lab.ipJson(l.r, "link", "show", "dev", "vrrp4.51").get(0).get("ifindex").asInt();
            l.lab.in(l.r, "ip", "link", "del", "vrrp4.51");
            io.vrrpd.hooks.kernel.Address gone = new io.vrrpd.hooks.kernel.Address(before,
                    java.net.InetAddress.getByName("192.0.2.1"), 24, 0, java.util.Set.of(), VirtualAddresses.TAG);
            l.loop.runAndWait(() -> l.runtime.onKernelEvent(new KernelEvent.AddressDeleted(gone)), 10, TimeUnit.SECONDS);
            await("made afresh").atMost(BOUND).until(() -> l.lab.status(l.r, "ip", "link", "show", "dev", "vrrp4.51") == 0
                    && addresses(l, "vrrp4.51").contains("192.0.2.1")
                    && flags(l.lab.ipJson(l.r, "link", "show", "dev", "vrrp4.51").get(0)).contains("UP"));

            l.peerAdvertises(200);
            await("gw4 backup").atMost(BOUND).until(() -> l.status("gw4").state().equals("BACKUP"));
            await("the macvlan down and empty").atMost(BOUND).until(() ->
                    !flags(l.lab.ipJson(l.r, "link", "show", "dev", "vrrp4.51").get(0)).contains("UP")
                            && !addresses(l, "vrrp4.51").contains("192.0.2.1"));
            l.lab.in(l.p, "ip", "neigh", "flush", "dev", "eth0");
            assertNotEquals(0, l.lab.status(l.p, "ping", "-c", "1", "-W", "1", "192.0.2.1"),
                    "nobody answers for the VIP on the backup: not the macvlan, not eth0");

            int remade = l.lab.ipJson(l.r, "link", "show", "dev", "vrrp4.51").get(0).get("ifindex").asInt();
            assertNotEquals(index, remade, "a new link");
            l.apply(CONFIG);
            assertEquals(remade, l.lab.ipJson(l.r, "link", "show", "dev", "vrrp4.51").get(0).get("ifindex").asInt(),
                    "an unchanged reload keeps the macvlan");

            l.loop.runAndWait(() -> l.runtime.stop("test"), 10, TimeUnit.SECONDS);
            assertEquals(0, l.lab.ipJson(l.r, "link", "show", "type", "macvlan").size(), "deleted on stop");
        }
    }

    /** IPv6: vrrp6.51 with 00:00:5e:00:02:33 holds the VIPs, so the neighbour's ND entry is the virtual MAC. */
    @Test
    void anIpv6MasterAnswersNeighbourSolicitationsWithTheVirtualMac() throws Exception {
        try (RuntimeLab l = RuntimeLab.create()) {
            l.lab.in(l.p, "ip", "addr", "add", "2001:db8:1::3/64", "dev", "eth0", "nodad");
            l.apply("""
                    instances:
                      gw6: {family: ipv6, interface: eth0, vrid: 51, priority: 150, advert-interval: 100ms,
                            virtual-addresses: [fe80::1/64, 2001:db8:1::1/64], virtual-mac: true}
                    """);
            await("gw6 master with its VIPs on vrrp6.51").atMost(BOUND).until(() -> l.status("gw6").state().equals("MASTER")
                    && addresses(l, "vrrp6.51").containsAll(List.of("fe80::1", "2001:db8:1::1")));
            JsonNode link = l.lab.ipJson(l.r, "link", "show", "dev", "vrrp6.51").get(0);
            assertEquals("00:00:5e:00:02:33", link.get("address").asText());
            assertEquals("0", sysctl(l, "net.ipv6.conf.vrrp6/51.accept_ra"));
            assertFalse(addresses(l, "vrrp6.51").stream().anyMatch(a -> a.startsWith("fe80::") && !a.equals("fe80::1")),
                    "no link-local of its own besides the VIP");
            l.lab.in(l.p, "ping", "-6", "-c", "1", "-W", "2", "2001:db8:1::1");
            assertEquals("00:00:5e:00:02:33", l.lab.ipJson(l.p, "-6", "neigh", "show", "2001:db8:1::1", "dev", "eth0")
                    .get(0).get("lladdr").asText());
        }
    }

    /**
     * The macvlan sits on the parent's ifindex: an instance bound by MAC follows a rename of its
     * interface, and so does its macvlan, without being made again.
     */
    @Test
    void followsARenamedParent() throws Exception {
        try (RuntimeLab l = RuntimeLab.create()) {
            String mac = l.lab.ipJson(l.r, "link", "show", "dev", "eth0").get(0).get("address").asText();
            // checked against r's own links: the JVM's /sys/class/net shows the host's
            List<io.vrrpd.hooks.kernel.Link> links;
            try (RtNetlinkKernel k = RtNetlinkKernel.openIn(l.r)) {
                links = k.links();
            }
            VrrpdConfig config = ConfigLoader.withBuiltInHooks().parse(Path.of("rt.yaml"),
                    CONFIG.replace("interface: eth0", "interface: {mac: \"" + mac + "\"}"), InterfaceDirectory.of(links));
            l.loop.runAndWait(() -> l.runtime.apply(config), 10, TimeUnit.SECONDS);
            await("gw4 master").atMost(BOUND).until(() -> l.status("gw4").state().equals("MASTER")
                    && addresses(l, "vrrp4.51").contains("192.0.2.1"));
            int index = l.lab.ipJson(l.r, "link", "show", "dev", "vrrp4.51").get(0).get("ifindex").asInt();

            l.lab.in(l.r, "ip", "link", "set", "dev", "eth0", "down");
            l.lab.in(l.r, "ip", "link", "set", "dev", "eth0", "name", "lan0");
            l.lab.in(l.r, "ip", "link", "set", "dev", "lan0", "up");
            l.lab.in(l.r, "ip", "addr", "replace", "192.0.2.2/24", "dev", "lan0");
            l.loop.runAndWait(l.runtime::reconcile, 10, TimeUnit.SECONDS);   // no kernel monitor in this lab
            await("gw4 master on lan0").atMost(BOUND).until(() -> l.status("gw4").state().equals("MASTER")
                    && addresses(l, "vrrp4.51").contains("192.0.2.1"));
            JsonNode link = l.lab.ipJson(l.r, "-d", "link", "show", "dev", "vrrp4.51").get(0);
            assertEquals(index, link.get("ifindex").asInt(), "the same macvlan");
            assertEquals("lan0", link.get("link").asText());
            assertTrue(flags(link).contains("UP"), link::toString);
        }
    }

    private static List<String> addresses(RuntimeLab l, String dev) {
        List<String> out = new ArrayList<>();
        for (JsonNode i : l.lab.ipJson(l.r, "addr", "show", "dev", dev)) {
            i.path("addr_info").forEach(a -> out.add(a.get("local").asText()));
        }
        return out;
    }

    private static String sysctl(RuntimeLab l, String key) {
        return l.lab.in(l.r, "sysctl", "-n", key).trim();
    }

    private static List<String> flags(JsonNode link) {
        List<String> flags = new ArrayList<>();
        link.get("flags").forEach(f -> flags.add(f.asText()));
        return flags;
    }
}
