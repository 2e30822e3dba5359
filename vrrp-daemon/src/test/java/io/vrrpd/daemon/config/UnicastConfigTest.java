package io.vrrpd.daemon.config;

import static io.vrrpd.daemon.config.Configs.paths;
import static io.vrrpd.daemon.config.Configs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code unicast-peers} and {@code unicast-source}: what loads, and every problem with its path. */
class UnicastConfigTest {

    private static String gw4(String extra) {
        return "instances:\n  gw4:\n    family: ipv4\n    interface: lan0\n    vrid: 51\n"
                + "    virtual-addresses: [192.0.2.1/24]\n" + extra;
    }

    private static String gw6(String extra) {
        return "instances:\n  gw6:\n    family: ipv6\n    interface: lan0\n    vrid: 51\n"
                + "    virtual-addresses: [fe80::1/64, 2001:db8:1::1/64]\n" + extra;
    }

    @Test
    void withoutPeersTheInstanceIsMulticast() throws Exception {
        InstanceConfig c = Configs.load(gw4("")).instances().get("gw4");
        assertEquals(UnicastConfig.MULTICAST, c.unicast());
        assertFalse(c.unicast().isUnicast());
    }

    @Test
    void ipv4PeersAndSourceLoadInFileOrder() throws Exception {
        InstanceConfig c = Configs.load(gw4("    unicast-peers: [192.0.2.4, 192.0.2.3]\n    unicast-source: 192.0.2.2\n"))
                .instances().get("gw4");
        assertEquals(List.of(InetAddress.getByName("192.0.2.4"), InetAddress.getByName("192.0.2.3")), c.unicast().peers());
        assertEquals(Optional.of(InetAddress.getByName("192.0.2.2")), c.unicast().source());
    }

    @Test
    void ipv6PeersMayBeLinkLocalOrGlobalAndTheSourceDefaults() throws Exception {
        InstanceConfig c = Configs.load(gw6("    unicast-peers: [\"fe80::3\", \"2001:db8:1::3\"]\n")).instances().get("gw6");
        assertEquals(2, c.unicast().peers().size());
        assertEquals(Optional.empty(), c.unicast().source());
    }

    @Test
    void everyBadPeerIsReportedAtOnceWithItsPath() {
        List<ConfigProblem> p = problems(gw4("    unicast-peers: [192.0.2.3, \"2001:db8::3\", 192.0.2.3, 224.0.0.18,"
                + " 192.0.2.1, peer-b, 0.0.0.0, 127.0.0.1, 255.255.255.255, 192.0.2.2]\n    unicast-source: 192.0.2.2\n"));
        assertEquals(List.of("instances.gw4.unicast-peers[1]", "instances.gw4.unicast-peers[2]",
                "instances.gw4.unicast-peers[3]", "instances.gw4.unicast-peers[4]", "instances.gw4.unicast-peers[5]",
                "instances.gw4.unicast-peers[6]", "instances.gw4.unicast-peers[7]", "instances.gw4.unicast-peers[8]",
                "instances.gw4.unicast-peers[9]"), paths(p), p::toString);
        assertTrue(p.get(0).message().contains("2001:db8::3 is ipv6 but the instance is ipv4"), p.get(0).message());
        assertTrue(p.get(1).message().contains("listed twice"), p.get(1).message());
        assertTrue(p.get(2).message().contains("multicast"), p.get(2).message());
        assertTrue(p.get(3).message().contains("virtual address of this instance"), p.get(3).message());
        assertTrue(p.get(4).message().contains("not an IP address"), p.get(4).message());
        assertTrue(p.get(5).message().contains("unspecified"), p.get(5).message());
        assertTrue(p.get(6).message().contains("loopback"), p.get(6).message());
        assertTrue(p.get(7).message().contains("broadcast"), p.get(7).message());
        assertTrue(p.get(8).message().contains("own unicast-source"), p.get(8).message());
    }

    @Test
    void ipv6MulticastPeerAndIpv4SourceAreRefused() {
        List<ConfigProblem> p = problems(gw6("    unicast-peers: [\"ff02::12\"]\n    unicast-source: 192.0.2.2\n"));
        assertEquals(List.of("instances.gw6.unicast-peers[0]", "instances.gw6.unicast-source"), paths(p), p::toString);
        assertTrue(p.get(1).message().contains("192.0.2.2 is ipv4 but the instance is ipv6"), p.get(1).message());
        assertTrue(p.get(1).hint().contains("global or link-local"), p.get(1).hint());
    }

    @Test
    void anEmptyListASourceWithoutPeersAndAVipAsSourceAreRefused() {
        assertEquals(List.of("instances.gw4.unicast-peers"), paths(problems(gw4("    unicast-peers: []\n"))));
        ConfigProblem alone = problems(gw4("    unicast-source: 192.0.2.2\n")).get(0);
        assertEquals("instances.gw4.unicast-source", alone.path());
        assertTrue(alone.message().contains("without unicast-peers"), alone.message());
        ConfigProblem vip = problems(gw4("    unicast-peers: [192.0.2.3]\n    unicast-source: 192.0.2.1\n")).get(0);
        assertEquals("instances.gw4.unicast-source", vip.path());
        assertTrue(vip.message().contains("virtual address"), vip.message());
    }

    @Test
    void aPeerThatIsAnotherInstancesVipIsRefused() {
        String yaml = gw4("    unicast-peers: [192.0.2.9]\n")
                + "  other:\n    family: ipv4\n    interface: eth0\n    vrid: 52\n    virtual-addresses: [192.0.2.9/24]\n";
        List<ConfigProblem> p = problems(yaml);
        assertEquals(List.of("instances.gw4.unicast-peers[0]"), paths(p), p::toString);
        assertTrue(p.get(0).message().contains("virtual address of instance other"), p.get(0).message());
    }

    @Test
    void unknownFieldsNextToThePeersAreStillRefused() {
        ConfigProblem p = problems(gw4("    unicast_peer: [192.0.2.3]\n")).get(0);
        assertEquals("instances.gw4.unicast_peer", p.path());
        assertTrue(p.message().contains("did you mean unicast-peers"), p.message());
    }

    @Test
    void diffShowsPeerAndSourceChanges() throws Exception {
        ConfigLoader loader = ConfigLoader.withBuiltInHooks();
        VrrpdConfig before = loader.parse(Path.of("a.yaml"), gw4("    unicast-peers: [192.0.2.3]\n"), Configs.LAB);
        VrrpdConfig after = loader.parse(Path.of("b.yaml"),
                gw4("    unicast-peers: [192.0.2.3, 192.0.2.4]\n    unicast-source: 192.0.2.2\n"), Configs.LAB);
        List<String> lines = ConfigDiff.between(before, after).stream().map(Object::toString).toList();
        assertEquals(List.of("  changed gw4: unicast-peers [192.0.2.3] -> [192.0.2.3, 192.0.2.4]",
                "  changed gw4: unicast-source interface address -> 192.0.2.2"), lines);
        List<String> toMulticast = ConfigDiff.between(before, loader.parse(Path.of("c.yaml"), gw4(""), Configs.LAB))
                .stream().map(Object::toString).toList();
        assertEquals(List.of("  changed gw4: unicast-peers [192.0.2.3] -> none (multicast)"), toMulticast);
    }
}
