package io.vrrpd.daemon.net;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;
import io.vrrpd.hooks.testlab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Behind a bridge that snoops MLD and is its own querier, ff02::12 reaches only ports whose host
 * joined the group (LAB-NOTES). Without {@link MulticastMembership} a backup would never hear the
 * master's IPv6 adverts.
 */
@Timeout(120)
class MulticastMembershipLabTest {
    private static final byte[] V4_PAYLOAD = Arrays.copyOfRange(VrrpFramesTest.KEEPALIVED_V4, 34, 46);
    private static final byte[] V6_PAYLOAD = Arrays.copyOfRange(VrrpFramesTest.KEEPALIVED_V6, 54, 94);

    @Test
    void ipv6AdvertsCrossASnoopingBridgeOnlyToAJoinedPort() throws Exception {
        try (Lab lab = Lab.create("pk")) {
            String sw = lab.addHost("sw", false);
            String r1 = lab.addHost("r1", false);
            String r2 = lab.addHost("r2", false);
            String if1 = lab.prefix() + "1";
            String if2 = lab.prefix() + "2";
            // The bridge's querier needs an IPv6 address; its first query goes out when br0 comes
            // up, usually before the link-local address exists, and the retry comes only after the
            // startup query interval (31 s by default): shorten it so the querier starts in ~1 s.
            lab.in(sw, "ip", "link", "add", "br0", "type", "bridge", "stp_state", "0", "forward_delay", "0",
                    "mcast_snooping", "1", "mcast_querier", "1", "mcast_startup_query_interval", "100",
                    "mcast_query_interval", "1000");
            lab.veth(sw, "p1", r1, if1);
            lab.veth(sw, "p2", r2, if2);
            lab.in(sw, "ip", "link", "set", "p1", "master", "br0");
            lab.in(sw, "ip", "link", "set", "p2", "master", "br0");
            lab.in(sw, "ip", "link", "set", "br0", "up");
            lab.in(r1, "ip", "addr", "add", "192.0.2.21/24", "dev", if1);
            lab.in(r2, "ip", "addr", "add", "192.0.2.22/24", "dev", if2);
            PacketInterface i1 = NetLab.info(r1, if1);
            PacketInterface i2 = NetLab.info(r2, if2);
            byte[] advert6 = VrrpFrames.advert(AddressFamily.IPV6, VirtualMac.of(AddressFamily.IPV6, 51).bytes(),
                    i1.linkLocalIpv6(), V6_PAYLOAD, 0, V6_PAYLOAD.length);
            byte[] advert4 = VrrpFrames.advert(AddressFamily.IPV4, VirtualMac.of(AddressFamily.IPV4, 51).bytes(),
                    i1.primaryIpv4(), V4_PAYLOAD, 0, V4_PAYLOAD.length);
            NetLab.Recorder heard = new NetLab.Recorder();
            ScheduledExecutorService master = Executors.newSingleThreadScheduledExecutor();
            try (PacketChannel ch1 = NetLab.open(r1, i1, PacketChannel.Options.defaults(), new NetLab.Recorder());
                    PacketChannel ch2 = NetLab.open(r2, i2, PacketChannel.Options.defaults(), heard)) {
                master.scheduleAtFixedRate(() -> {
                    try {
                        ch1.send(advert6);
                        ch1.send(advert4);
                    } catch (PacketIoException e) {
                        throw new IllegalStateException(e);
                    }
                }, 0, 20, TimeUnit.MILLISECONDS);

                // IPv4's 224.0.0.18 is in the link-local block: flooded, joined or not
                await().atMost(Duration.ofSeconds(5)).until(() -> heard.count(AddressFamily.IPV4) > 5);
                // Until the bridge's own querier is up it floods unknown groups; wait for that to end.
                await().atMost(Duration.ofSeconds(20)).until(() -> silentFor(heard, AddressFamily.IPV6, 1000));
                // Not joined: r1 keeps sending every 20 ms and nothing reaches r2 for 1.5 s.
                long before = heard.count(AddressFamily.IPV6);
                long v4Before = heard.count(AddressFamily.IPV4);
                await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                        .until(() -> heard.count(AddressFamily.IPV6) == before);
                assertTrue(heard.count(AddressFamily.IPV4) > v4Before + 20, "IPv4 adverts kept arriving meanwhile");

                MulticastMembership m = NetNamespace.callIn(r2, () -> MulticastMembership.join(AddressFamily.IPV6, if2));
                try {
                    assertTrue(m.isJoined());
                    await().atMost(Duration.ofSeconds(5)).until(() -> heard.count(AddressFamily.IPV6) > before + 5);
                    await().atMost(Duration.ofSeconds(5)).until(() -> mdbHas(lab, sw, "p2"));
                } finally {
                    m.close();
                }
                // leaving: the bridge's last-member queries go unanswered and the port is pruned
                await().atMost(Duration.ofSeconds(15)).until(() -> !mdbHas(lab, sw, "p2"));
                assertTrue(!m.isJoined());
            } finally {
                master.shutdownNow();
                master.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void ipv4JoinShowsInTheBridgeToo() throws Exception {
        try (Lab lab = Lab.create("pk")) {
            String sw = lab.addHost("sw", false);
            String r1 = lab.addHost("r1", false);
            String if1 = lab.prefix() + "1";
            lab.in(sw, "ip", "link", "add", "br0", "type", "bridge", "stp_state", "0", "forward_delay", "0",
                    "mcast_snooping", "1", "mcast_querier", "1");
            lab.veth(sw, "p1", r1, if1);
            lab.in(sw, "ip", "link", "set", "p1", "master", "br0");
            lab.in(sw, "ip", "link", "set", "br0", "up");
            lab.in(r1, "ip", "addr", "add", "192.0.2.21/24", "dev", if1);
            try (MulticastMembership m = NetNamespace.callIn(r1, () -> MulticastMembership.join(AddressFamily.IPV4, if1))) {
                assertTrue(m.toString().contains("224.0.0.18"), m.toString());
                // Linux bridges do not record 224.0.0.x in the mdb (always flooded); the kernel's
                // own membership list is the evidence here.
                await().atMost(Duration.ofSeconds(5)).until(() -> lab.in(r1, "ip", "maddr", "show", "dev", if1)
                        .contains("224.0.0.18"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !lab.in(r1, "ip", "maddr", "show", "dev", if1)
                    .contains("224.0.0.18"));
        }
    }

    private static boolean silentFor(NetLab.Recorder r, AddressFamily family, long millis) {
        return family == AddressFamily.IPV6 && System.nanoTime() - r.lastArrivalNanos(family) > millis * 1_000_000L;
    }

    private static boolean mdbHas(Lab lab, String sw, String port) {
        String json = lab.in(sw, "bridge", "-j", "mdb", "show", "dev", "br0");
        return json.matches("(?s).*\"port\":\"" + port + "\",\"grp\":\"ff02::12\".*");
    }
}
