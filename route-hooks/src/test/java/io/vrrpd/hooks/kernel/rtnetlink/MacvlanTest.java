package io.vrrpd.hooks.kernel.rtnetlink;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.Macvlan;
import io.vrrpd.hooks.kernel.MacAddress;
import io.vrrpd.hooks.kernel.MacvlanMode;
import io.vrrpd.hooks.testlab.Lab;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static io.vrrpd.hooks.kernel.rtnetlink.KernelLab.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Macvlans (the virtual MAC's link) and per-interface settings, each checked against {@code ip -j -d} and /proc. */
class MacvlanTest {
    private static final MacAddress VMAC = MacAddress.parse("00:00:5e:00:01:33");

    @Test
    void createsAMacvlanDownWithTheMacTheParentAndTheModeAndNoLinkLocal() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            int eth0 = k.ifindex(k.a, "eth0");
            int index = k.kernel.addMacvlan("vrrp4.51", eth0, VMAC, MacvlanMode.PRIVATE);

            JsonNode l = k.ip(k.a, "-d", "link", "show", "dev", "vrrp4.51").get(0);
            assertEquals(index, l.get("ifindex").asInt());
            assertEquals("00:00:5e:00:01:33", l.get("address").asText());
            assertEquals("eth0", l.get("link").asText(), l::toString);
            assertEquals("macvlan", l.get("linkinfo").get("info_kind").asText(), l::toString);
            assertEquals("private", l.get("linkinfo").get("info_data").get("mode").asText(), l::toString);
            assertEquals("none", l.get("inet6_addr_gen_mode").asText(), l::toString);
            assertFalse(flags(l).contains("UP"), l::toString);

            assertEquals(Optional.of(new Macvlan(index, "vrrp4.51", eth0, VMAC, MacvlanMode.PRIVATE, false)),
                    k.kernel.macvlan("vrrp4.51"));
            assertEquals(Optional.empty(), k.kernel.macvlan("eth0"), "a veth is no macvlan");
            assertEquals(Optional.empty(), k.kernel.macvlan("nosuch0"));

            KernelException twice = assertThrows(KernelException.class,
                    () -> k.kernel.addMacvlan("vrrp4.51", eth0, VMAC, MacvlanMode.PRIVATE));
            assertEquals(Errno.EEXIST, twice.errno());

            k.kernel.setLinkUp(index, true);
            assertTrue(flags(k.ip(k.a, "link", "show", "dev", "vrrp4.51").get(0)).contains("UP"));
            assertTrue(k.kernel.macvlan("vrrp4.51").orElseThrow().up());
            JsonNode v6 = k.ip(k.a, "-6", "addr", "show", "dev", "vrrp4.51");
            assertEquals(0, v6.size() == 0 ? 0 : v6.get(0).path("addr_info").size(), () -> "no IPv6 link-local: " + v6);
            k.kernel.setLinkUp(index, false);
            assertFalse(flags(k.ip(k.a, "link", "show", "dev", "vrrp4.51").get(0)).contains("UP"));
            assertTrue(flags(k.ip(k.a, "link", "show", "dev", "eth0").get(0)).contains("UP"), "the parent stays up");

            k.kernel.deleteLink(index);
            assertEquals(Optional.empty(), k.kernel.macvlan("vrrp4.51"));
            assertEquals(Errno.ENODEV, assertThrows(KernelException.class, () -> k.kernel.deleteLink(index)).errno());
        }
    }

    @Test
    void aNeighbourLearnsTheVirtualMacForAnAddressOnTheMacvlanWhileItIsUp() throws Exception {
        Lab.assumeTool("ping", "iputils-ping");
        try (KernelLab k = KernelLab.create()) {
            k.sh(k.a, "ip", "addr", "add", "192.0.2.2/24", "dev", "eth0");
            k.sh(k.b, "ip", "addr", "add", "192.0.2.9/24", "dev", "eth0");
            int index = k.kernel.addMacvlan("vrrp4.51", k.ifindex(k.a, "eth0"), VMAC, MacvlanMode.BRIDGE);
            // eth0 must neither answer for the macvlan's address nor name it as the sender of its own requests
            k.kernel.setInterfaceSetting(AddressFamily.IPV4, "eth0", "arp_ignore", 1);
            k.kernel.setInterfaceSetting(AddressFamily.IPV4, "eth0", "arp_announce", 2);
            k.kernel.setLinkUp(index, true);
            k.kernel.addAddress(index, addr("192.0.2.1"), 24, false, 0);

            k.sh(k.b, "ping", "-c", "1", "-W", "2", "192.0.2.1");
            assertEquals("00:00:5e:00:01:33",
                    k.ip(k.b, "neigh", "show", "192.0.2.1", "dev", "eth0").get(0).get("lladdr").asText());

            k.kernel.setLinkUp(index, false);
            k.sh(k.b, "ip", "neigh", "flush", "dev", "eth0");
            assertTrue(k.lab.status(k.b, "ping", "-c", "1", "-W", "1", "192.0.2.1") != 0,
                    "a macvlan that is down answers nothing, and eth0 does not answer for it (arp_ignore 1)");
        }
    }

    @Test
    void readsAndWritesPerInterfaceSettings() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            k.kernel.setInterfaceSetting(AddressFamily.IPV4, "eth0", "arp_ignore", 1);
            assertEquals("1", k.sh(k.a, "cat", "/proc/sys/net/ipv4/conf/eth0/arp_ignore").trim());
            assertEquals(1, k.kernel.interfaceSetting(AddressFamily.IPV4, "eth0", "arp_ignore"));
            k.kernel.setInterfaceSetting(AddressFamily.IPV6, "eth0", "accept_ra", 0);
            assertEquals(0, k.kernel.interfaceSetting(AddressFamily.IPV6, "eth0", "accept_ra"));
            assertEquals(Errno.ENOENT, assertThrows(KernelException.class,
                    () -> k.kernel.interfaceSetting(AddressFamily.IPV4, "nosuch0", "arp_ignore")).errno());
            assertThrows(IllegalArgumentException.class,
                    () -> k.kernel.setInterfaceSetting(AddressFamily.IPV4, "../../kernel", "x", 1));
            assertThrows(IllegalArgumentException.class,
                    () -> k.kernel.setInterfaceSetting(AddressFamily.IPV4, "eth0", "../arp_ignore", 1));
        }
    }

    private static Set<String> flags(JsonNode link) {
        Set<String> flags = new HashSet<>();
        link.get("flags").forEach(f -> flags.add(f.asText()));
        return flags;
    }
}
