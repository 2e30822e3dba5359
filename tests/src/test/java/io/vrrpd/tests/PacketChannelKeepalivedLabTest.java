package io.vrrpd.tests;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.packet.ChecksumForm;
import io.vrrpd.core.packet.Checksums;
import io.vrrpd.daemon.net.DropReason;
import io.vrrpd.daemon.net.PacketChannel;
import io.vrrpd.daemon.net.PacketInterface;
import io.vrrpd.daemon.net.PacketIoException;
import io.vrrpd.daemon.net.ReceivedAdvert;
import io.vrrpd.daemon.net.VirtualMac;
import io.vrrpd.daemon.net.VrrpFrames;
import io.vrrpd.hooks.kernel.NamespaceLab;
import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;
import io.vrrpd.lab.KeepalivedPeer;
import io.vrrpd.lab.LabFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * vrrpd's packet channel against keepalived 2.2.7 on a veth pair, each end in its own namespace:
 * keepalived's adverts arrive at the listener as they are on the wire, and keepalived accepts the
 * frames the channel sends (it yields to a higher priority). keepalived runs through the lab
 * kit's one launcher for it, so these live here rather than beside the channel in vrrp-daemon.
 */
@Timeout(120)
class PacketChannelKeepalivedLabTest {

    /** Two namespaces joined by a veth pair: a (192.0.2.11) for the channel, b (192.0.2.12) for keepalived. */
    private record Pair(NamespaceLab lab, String nsA, String ifA, String nsB, String ifB) implements AutoCloseable {
        static Pair create() {
            LabFiles.requireLibpcap();
            NamespaceLab lab = NamespaceLab.create("pk");
            String a = lab.addHost("a", false);
            String b = lab.addHost("b", false);
            String ifA = lab.prefix() + "a";
            String ifB = lab.prefix() + "b";
            lab.veth(a, ifA, b, ifB);
            lab.in(a, "ip", "addr", "add", "192.0.2.11/24", "dev", ifA);
            lab.in(b, "ip", "addr", "add", "192.0.2.12/24", "dev", ifB);
            return new Pair(lab, a, ifA, b, ifB);
        }

        @Override
        public void close() {
            lab.close();
        }
    }

    /** Records what the channel delivers. */
    private static final class Recorder implements PacketChannel.Listener {
        final List<ReceivedAdvert> adverts = new CopyOnWriteArrayList<>();

        @Override
        public void onAdvert(ReceivedAdvert advert) {
            adverts.add(advert);
        }

        @Override
        public void onDropped(DropReason reason, byte[] frame) {
        }

        @Override
        public void onFailure(PacketIoException failure) {
        }

        long count(AddressFamily family) {
            return adverts.stream().filter(a -> a.family() == family).count();
        }
    }

    /** Interface facts read inside {@code ns}, once the link-local address exists. */
    private static PacketInterface info(String ns, String ifname) {
        PacketInterface[] holder = new PacketInterface[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            holder[0] = NetNamespace.callIn(ns, () -> PacketInterface.lookup(ifname));
            return holder[0].linkLocalIpv6() != null && holder[0].primaryIpv4() != null;
        });
        return holder[0];
    }

    private static PacketChannel open(String ns, PacketInterface info, Recorder r) throws Exception {
        return NetNamespace.callIn(ns, () -> PacketChannel.open(info, PacketChannel.Options.defaults(), r));
    }

    /** keepalived with IPv4 and IPv6 instances of VRID 51, priority 150, 100 ms, no sync group, on {@code ifname}. */
    private static KeepalivedPeer keepalived(String ns, String ifname) {
        return KeepalivedPeer.startIndependent(ns, List.of(
                KeepalivedPeer.Config.ipv4("v4", 150).withInterface(ifname),
                KeepalivedPeer.Config.ipv6("v6", 150).withInterface(ifname)));
    }

    @Test
    void keepalivedAdvertsArriveAtTheListener() throws Exception {
        try (Pair p = Pair.create()) {
            PacketInterface a = info(p.nsA(), p.ifA());
            PacketInterface b = info(p.nsB(), p.ifB());
            Recorder ra = new Recorder();
            try (PacketChannel cha = open(p.nsA(), a, ra); KeepalivedPeer ka = keepalived(p.nsB(), p.ifB())) {
                await().atMost(Duration.ofSeconds(15)).until(() ->
                        ra.count(AddressFamily.IPV4) >= 3 && ra.count(AddressFamily.IPV6) >= 3);
                ReceivedAdvert v4 = ra.adverts.stream().filter(x -> x.family() == AddressFamily.IPV4).findFirst().orElseThrow();
                assertEquals("192.0.2.12", v4.sourceInetAddress().getHostAddress());
                assertArrayEquals(b.mac(), v4.sourceMac(), "keepalived sends from the interface MAC");
                assertEquals(255, v4.hopLimit());
                byte[] pl = v4.payload();
                assertEquals(0x31, pl[0] & 0xff, "VRRPv3 advertisement");
                assertEquals(51, pl[1] & 0xff);
                assertEquals(150, pl[2] & 0xff);
                assertEquals(10, ((pl[4] & 0x0f) << 8) | (pl[5] & 0xff), "100 ms = 10 cs");
                ReceivedAdvert v6 = ra.adverts.stream().filter(x -> x.family() == AddressFamily.IPV6).findFirst().orElseThrow();
                assertEquals(b.linkLocalIpv6(), v6.sourceInetAddress());
                assertEquals(255, v6.hopLimit());
                assertEquals(8 + 2 * 16, v6.payloadLength(), "fe80::1 and 2001:db8:1::1");
                assertEquals(0, cha.dropped(DropReason.BAD_IP_CHECKSUM));
            }
        }
    }

    @Test
    void keepalivedAcceptsOurFramesAndYieldsToAHigherPriority() throws Exception {
        try (Pair p = Pair.create()) {
            PacketInterface a = info(p.nsA(), p.ifA());
            info(p.nsB(), p.ifB());
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            try (PacketChannel cha = open(p.nsA(), a, new Recorder()); KeepalivedPeer ka = keepalived(p.nsB(), p.ifB())) {
                await().atMost(Duration.ofSeconds(15)).until(() -> "MASTER".equals(ka.states().get("v4"))
                        && "MASTER".equals(ka.states().get("v6")));
                byte[] f4 = frame(AddressFamily.IPV4, a, InetAddress.getByName("192.0.2.1"));
                byte[] f6 = frame(AddressFamily.IPV6, a, InetAddress.getByName("fe80::1"), InetAddress.getByName("2001:db8:1::1"));
                timer.scheduleAtFixedRate(() -> {
                    try {
                        cha.send(f4);
                        cha.send(f6);
                    } catch (PacketIoException e) {
                        throw new IllegalStateException(e);
                    }
                }, 0, 100, TimeUnit.MILLISECONDS);
                await().atMost(Duration.ofSeconds(10)).until(() -> "BACKUP".equals(ka.states().get("v4"))
                        && "BACKUP".equals(ka.states().get("v6")));
            } finally {
                timer.shutdownNow();
                timer.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A VRRPv3 advert frame for VRID 51 from {@code a}, priority 200, 10 cs, with the checksum
     * over the pseudo-header (keepalived's form), from the virtual MAC.
     */
    private static byte[] frame(AddressFamily family, PacketInterface a, InetAddress... vips) {
        InetAddress src = family == AddressFamily.IPV4 ? a.primaryIpv4() : a.linkLocalIpv6();
        int len = 8 + vips.length * vips[0].getAddress().length;
        byte[] pl = new byte[len];
        pl[0] = 0x31;
        pl[1] = 51;
        pl[2] = (byte) 200;
        pl[3] = (byte) vips.length;
        pl[5] = 10;
        for (int i = 0; i < vips.length; i++) {
            byte[] v = vips[i].getAddress();
            System.arraycopy(v, 0, pl, 8 + i * v.length, v.length);
        }
        int c = Checksums.vrrpChecksum(family, ChecksumForm.PSEUDO_HEADER, src.getAddress(), family.multicastGroup(), pl, 0, len);
        pl[6] = (byte) (c >> 8);
        pl[7] = (byte) c;
        return VrrpFrames.advert(family, VirtualMac.of(family, 51).bytes(), src, pl, 0, len);
    }
}
