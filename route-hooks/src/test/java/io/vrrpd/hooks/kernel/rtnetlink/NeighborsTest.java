package io.vrrpd.hooks.kernel.rtnetlink;

import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.MacAddress;
import io.vrrpd.hooks.kernel.Neighbor;
import io.vrrpd.hooks.kernel.NeighborState;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

import static io.vrrpd.hooks.kernel.rtnetlink.KernelLab.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Neighbour lookup and active resolution of a real peer over a veth pair. */
class NeighborsTest {

    private static void address(KernelLab k) {
        k.sh(k.a, "ip", "addr", "add", "192.0.2.10/24", "dev", "eth0");
        k.sh(k.b, "ip", "addr", "add", "192.0.2.20/24", "dev", "eth0");
        k.sh(k.a, "ip", "addr", "add", "2001:db8:1::10/64", "dev", "eth0", "nodad");
        k.sh(k.b, "ip", "addr", "add", "2001:db8:1::20/64", "dev", "eth0", "nodad");
        // fail fast for unanswered addresses: 3 probes 100 ms apart
        k.sh(k.a, "sysctl", "-qw", "net.ipv4.neigh.eth0.retrans_time_ms=100", "net.ipv6.neigh.eth0.retrans_time_ms=100");
    }

    @Test
    void resolvesIpv4PeerToReachable() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            address(k);
            int eth0 = k.ifindex(k.a, "eth0");
            InetAddress peer = addr("192.0.2.20");
            assertEquals(Optional.empty(), k.kernel.neighbor(eth0, peer));

            assertEquals(NeighborState.REACHABLE, k.kernel.resolveNeighbor(eth0, peer, Duration.ofSeconds(5)));
            JsonNode ip = k.ip(k.a, "neigh", "show", "dev", "eth0", "to", "192.0.2.20");
            assertEquals(1, ip.size(), ip::toString);
            assertEquals("REACHABLE", ip.get(0).get("state").get(0).asText());
            String peerMac = k.mac(k.b, "eth0");
            assertEquals(peerMac, ip.get(0).get("lladdr").asText());

            Neighbor n = k.kernel.neighbor(eth0, peer).orElseThrow();
            assertEquals(MacAddress.parse(peerMac), n.lladdr());
            assertEquals(NeighborState.REACHABLE, n.state());
            assertTrue(k.kernel.neighbors(eth0).contains(n), () -> "dump lacks " + n);
            assertTrue(k.kernel.neighbors(0).contains(n), () -> "unfiltered dump lacks " + n);

            // already valid: returned as it is, nothing sent
            assertEquals(NeighborState.REACHABLE, k.kernel.resolveNeighbor(eth0, peer, Duration.ZERO));
        }
    }

    @Test
    void resolvesIpv6PeerToReachable() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            address(k);
            int eth0 = k.ifindex(k.a, "eth0");
            InetAddress peer = addr("2001:db8:1::20");
            assertEquals(NeighborState.REACHABLE, k.kernel.resolveNeighbor(eth0, peer, Duration.ofSeconds(5)));
            JsonNode ip = k.ip(k.a, "-6", "neigh", "show", "dev", "eth0", "to", "2001:db8:1::20");
            assertEquals(1, ip.size(), ip::toString);
            assertEquals("REACHABLE", ip.get(0).get("state").get(0).asText());
            assertEquals(MacAddress.parse(k.mac(k.b, "eth0")), k.kernel.neighbor(eth0, peer).orElseThrow().lladdr());
        }
    }

    /** Puts the entry for {@code peer} into STALE, as time without traffic does. */
    private static void makeStale(KernelLab k, String peer) {
        k.sh(k.a, "ip", "neigh", "change", peer, "dev", "eth0", "lladdr", k.mac(k.b, "eth0"), "nud", "stale");
        JsonNode ip = k.ip(k.a, "neigh", "show", "dev", "eth0", "to", peer);
        assertEquals("STALE", ip.get(0).get("state").get(0).asText(), ip::toString);
    }

    @Test
    void staleEntryOfALivePeerIsReconfirmedByAProbe() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            address(k);
            int eth0 = k.ifindex(k.a, "eth0");
            for (String peer : new String[] {"192.0.2.20", "2001:db8:1::20"}) {
                assertEquals(NeighborState.REACHABLE, k.kernel.resolveNeighbor(eth0, addr(peer), Duration.ofSeconds(5)));
                makeStale(k, peer);
                // a STALE entry proves nothing: the peer must answer a probe again
                assertEquals(NeighborState.REACHABLE, k.kernel.resolveNeighbor(eth0, addr(peer), Duration.ofSeconds(5)),
                        peer);
                JsonNode ip = k.ip(k.a, "neigh", "show", "dev", "eth0", "to", peer);
                assertEquals("REACHABLE", ip.get(0).get("state").get(0).asText(), ip::toString);
            }
        }
    }

    @Test
    void staleEntryOfAPeerThatStoppedAnsweringIsNotConfirmed() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            address(k);
            int eth0 = k.ifindex(k.a, "eth0");
            for (String[] peer : new String[][] {{"192.0.2.20", "24"}, {"2001:db8:1::20", "64"}}) {
                assertEquals(NeighborState.REACHABLE, k.kernel.resolveNeighbor(eth0, addr(peer[0]), Duration.ofSeconds(5)));
                k.sh(k.b, "ip", "addr", "del", peer[0] + "/" + peer[1], "dev", "eth0"); // b no longer answers for it
                makeStale(k, peer[0]);
                NeighborState state = k.kernel.resolveNeighbor(eth0, addr(peer[0]), Duration.ofSeconds(3));
                assertEquals(NeighborState.FAILED, state, peer[0] + ": three unanswered probes 100 ms apart");
            }
        }
    }

    @Test
    void reportsFailedForSilentAddressAndIncompleteOnTimeout() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            address(k);
            int eth0 = k.ifindex(k.a, "eth0");
            assertEquals(NeighborState.INCOMPLETE, k.kernel.resolveNeighbor(eth0, addr("192.0.2.98"), Duration.ZERO));
            assertEquals(NeighborState.FAILED, k.kernel.resolveNeighbor(eth0, addr("192.0.2.99"), Duration.ofSeconds(5)));
            JsonNode ip = k.ip(k.a, "neigh", "show", "dev", "eth0", "to", "192.0.2.99");
            assertEquals("FAILED", ip.get(0).get("state").get(0).asText(), ip::toString);
        }
    }

    @Test
    void neighborOfMissingInterfaceNamesTheCall() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            KernelException e = org.junit.jupiter.api.Assertions.assertThrows(KernelException.class,
                    () -> k.kernel.resolveNeighbor(9999, addr("192.0.2.20"), Duration.ofSeconds(1)));
            assertTrue(e.call().startsWith("RTM_"), e::getMessage);
            assertEquals(Errno.ENODEV, e.errno(), e::getMessage);
        }
    }
}
