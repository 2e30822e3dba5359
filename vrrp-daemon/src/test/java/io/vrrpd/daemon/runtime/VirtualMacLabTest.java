package io.vrrpd.daemon.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

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

            l.peerAdvertises(200);
            await("gw4 backup").atMost(BOUND).until(() -> l.status("gw4").state().equals("BACKUP"));
            await("the macvlan down and empty").atMost(BOUND).until(() ->
                    !flags(l.lab.ipJson(l.r, "link", "show", "dev", "vrrp4.51").get(0)).contains("UP")
                            && !addresses(l, "vrrp4.51").contains("192.0.2.1"));
            l.lab.in(l.p, "ip", "neigh", "flush", "dev", "eth0");
            assertNotEquals(0, l.lab.status(l.p, "ping", "-c", "1", "-W", "1", "192.0.2.1"),
                    "nobody answers for the VIP on the backup: not the macvlan, not eth0");

            l.apply(CONFIG);
            assertEquals(index, l.lab.ipJson(l.r, "link", "show", "dev", "vrrp4.51").get(0).get("ifindex").asInt(),
                    "an unchanged reload keeps the macvlan");

            l.loop.runAndWait(() -> l.runtime.stop("test"), 10, TimeUnit.SECONDS);
            assertEquals(0, l.lab.ipJson(l.r, "link", "show", "type", "macvlan").size(), "deleted on stop");
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
