package io.vrrpd.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsInterfaceDirectoryTest {

    @TempDir
    Path sys;

    private void iface(String name, String ifindex, String address) throws IOException {
        Path d = Files.createDirectories(sys.resolve(name));
        if (ifindex != null) {
            Files.writeString(d.resolve("ifindex"), ifindex + "\n");
        }
        Files.writeString(d.resolve("address"), address + "\n");
    }

    @Test
    void readsNameIndexAndMacSortedByIndexSkippingIncompleteEntries() throws IOException {
        iface("eth1", "3", "52:54:00:00:00:05");
        iface("lo", "1", "00:00:00:00:00:00");
        iface("eth0", "2", "52:54:00:AA:00:04");
        iface("gone0", null, "52:54:00:00:00:09");
        assertEquals(List.of(
                new InterfaceInfo("lo", 1, "00:00:00:00:00:00"),
                new InterfaceInfo("eth0", 2, "52:54:00:aa:00:04"),
                new InterfaceInfo("eth1", 3, "52:54:00:00:00:05")),
                new SysfsInterfaceDirectory(sys).interfaces());
    }

    @Test
    void realSysfsListsLoopback() {
        assumeTrue(Files.isDirectory(Path.of("/sys/class/net")), "no sysfs here");
        List<InterfaceInfo> all = new SysfsInterfaceDirectory().interfaces();
        assertTrue(all.stream().anyMatch(i -> i.name().equals("lo") && i.mac().equals("00:00:00:00:00:00")),
                all::toString);
    }
}
