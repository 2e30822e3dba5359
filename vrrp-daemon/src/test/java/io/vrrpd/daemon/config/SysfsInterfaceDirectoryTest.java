package io.vrrpd.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.MacAddress;
import io.vrrpd.hooks.kernel.OperState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsInterfaceDirectoryTest {

    @TempDir
    Path sys;

    private Path iface(String name, String ifindex, String address) throws IOException {
        Path d = Files.createDirectories(sys.resolve(name));
        if (ifindex != null) {
            Files.writeString(d.resolve("ifindex"), ifindex + "\n");
        }
        Files.writeString(d.resolve("address"), address + "\n");
        return d;
    }

    private static void up(Path d, boolean carrier) throws IOException {
        Files.writeString(d.resolve("flags"), "0x1003\n");
        Files.writeString(d.resolve("carrier"), (carrier ? "1" : "0") + "\n");
        Files.writeString(d.resolve("operstate"), (carrier ? "up" : "down") + "\n");
        Files.writeString(d.resolve("mtu"), "1500\n");
    }

    @Test
    void readsNameIndexAndMacSortedByIndexSkippingIncompleteEntries() throws IOException {
        up(iface("eth1", "3", "52:54:00:00:00:05"), true);
        iface("lo", "1", "00:00:00:00:00:00");
        up(iface("eth0", "2", "52:54:00:AA:00:04"), false);
        iface("gone0", null, "52:54:00:00:00:09");
        assertEquals(List.of(
                new Link(1, "lo", MacAddress.parse("00:00:00:00:00:00"), false, false, false, OperState.UNKNOWN, 0),
                new Link(2, "eth0", MacAddress.parse("52:54:00:aa:00:04"), true, false, false, OperState.DOWN, 1500),
                TestLinks.link("eth1", 3, "52:54:00:00:00:05")),
                new SysfsInterfaceDirectory(sys).links());
    }

    @Test
    void realSysfsListsLoopback() {
        assumeTrue(Files.isDirectory(Path.of("/sys/class/net")), "no sysfs here");
        List<Link> all = new SysfsInterfaceDirectory().links();
        assertTrue(all.stream().anyMatch(i -> i.name().equals("lo") && i.mac().equals(MacAddress.parse("00:00:00:00:00:00"))
                && i.up()), all::toString);
    }

    @Test
    void theRealDirectoryKnowsTheLoopbacksAddress() throws Exception {
        SysfsInterfaceDirectory real = new SysfsInterfaceDirectory();
        Link lo = real.links().stream().filter(l -> l.name().equals("lo")).findFirst().orElse(null);
        assumeTrue(lo != null, "no lo in this namespace's /sys/class/net");
        List<io.vrrpd.hooks.kernel.Address> addresses = real.addresses(lo).orElseThrow();
        java.net.InetAddress loopback = java.net.InetAddress.getByName("127.0.0.1");
        assertTrue(addresses.stream().anyMatch(a -> a.address().equals(loopback)
                && a.prefixLength() == 8 && a.ifindex() == lo.index()), addresses::toString);
    }
}
