package io.vrrpd.daemon.net;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.IpText;
import io.vrrpd.core.packet.AdvertDecoder;
import io.vrrpd.core.packet.AdvertEncoder;
import io.vrrpd.core.packet.Advertisement;
import io.vrrpd.core.packet.ChecksumForm;
import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;
import io.vrrpd.hooks.testlab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UnicastSocket against the real kernel in lab namespaces (root only): what reaches the peer, and the errors. */
@Timeout(120)
class UnicastSocketLabTest {
    private static final InetAddress VIP4 = ip("192.0.2.1");
    private static final InetAddress LL_VIP = ip("fe80::1");

    @Test
    void ipv4AdvertReachesThePeerAsUnicastWithTtl255Tos0xc0AndAGoodChecksum() throws Exception {
        OneAdvert got = sendOne(AddressFamily.IPV4, "ip proto 112", "eth.dst", "ip.dsfield", "ip.ttl", "ip.flags.df",
                "ip.proto", "ip.src", "ip.dst", "vrrp.checksum.status");
        assertFalse(got.received().destinationIsVrrpGroup());
        assertEquals(got.b().primaryIpv4(), InetAddress.getByAddress(got.received().destinationAddress()));
        assertEquals(List.of(HexMac.of(got.b().mac()) + "|0xc0|255|False|112|192.0.2.11|192.0.2.12|1"),
                got.wire().stream().map(l -> l.replace("|0|112", "|False|112")).toList());
    }

    @Test
    void ipv6AdvertToALinkLocalPeerCarriesHopLimit255AndTrafficClass0xc0() throws Exception {
        OneAdvert got = sendOne(AddressFamily.IPV6, "ip6 proto 112", "eth.dst", "ipv6.tclass", "ipv6.hlim", "ipv6.nxt",
                "ipv6.src", "ipv6.dst", "vrrp.checksum.status");
        assertEquals(List.of(HexMac.of(got.b().mac()) + "|0x000000c0|255|112|" + IpText.format(got.a().linkLocalIpv6())
                + "|" + IpText.format(got.b().linkLocalIpv6()) + "|1"), got.wire());
    }

    /** What b's pcap channel and tshark saw of one advert a sent to b over a UnicastSocket. */
    private record OneAdvert(PacketInterface a, PacketInterface b, ReceivedAdvert received, List<String> wire) {
    }

    /** Sends one advert of {@code family} from a to b (IPv6: link-local to link-local); checks TTL and checksum. */
    private static OneAdvert sendOne(AddressFamily family, String filter, String... fields) throws Exception {
        try (Lab lab = Lab.create("ucs")) {
            NetLab.Pair p = NetLab.pair(lab);
            PacketInterface a = NetLab.info(p.nsA(), p.ifA());
            PacketInterface b = NetLab.info(p.nsB(), p.ifB());
            InetAddress from = family == AddressFamily.IPV4 ? a.primaryIpv4() : a.linkLocalIpv6();
            InetAddress to = family == AddressFamily.IPV4 ? b.primaryIpv4() : b.linkLocalIpv6();
            InetAddress vip = family == AddressFamily.IPV4 ? VIP4 : LL_VIP;
            NetLab.Recorder rb = new NetLab.Recorder();
            try (UnicastSocket s = open(p.nsA(), family, p.ifA(), from);
                    PacketChannel chb = NetLab.open(p.nsB(), b, PacketChannel.Options.defaults(), rb);
                    NetLab.Capture cap = new NetLab.Capture(p.nsB(), p.ifB(), 1, filter)) {
                byte[] payload = AdvertEncoder.encode(Advertisement.of(family, 51, 150, 100, vip),
                        from.getAddress(), to.getAddress(), ChecksumForm.PSEUDO_HEADER);
                assertEquals(0, s.send(payload, payload.length, s.peer(to)));
                cap.awaitDone(Duration.ofSeconds(10));
                await().atMost(Duration.ofSeconds(5)).until(() -> rb.adverts.size() == 1);
                ReceivedAdvert got = rb.adverts.get(0);
                assertEquals(255, got.hopLimit());
                AdvertDecoder.decode(family, got.sourceAddress(), got.destinationAddress(), got.payload());
                return new OneAdvert(a, b, got, cap.fields(fields));
            }
        }
    }

    @Test
    void setupErrorsNameTheCallAndSendErrorsAreReturnedNotThrown() throws Exception {
        try (Lab lab = Lab.create("ucs")) {
            NetLab.Pair p = NetLab.pair(lab);
            PacketInterface a = NetLab.info(p.nsA(), p.ifA());
            KernelException notLocal = assertThrows(KernelException.class,
                    () -> open(p.nsA(), AddressFamily.IPV4, p.ifA(), ip("192.0.2.99")));
            assertEquals(Errno.EADDRNOTAVAIL, notLocal.errno());
            assertTrue(notLocal.call().startsWith("bind(192.0.2.99 on "), notLocal.call());
            KernelException noDevice = assertThrows(KernelException.class,
                    () -> open(p.nsA(), AddressFamily.IPV4, "nosuch0", a.primaryIpv4()));
            assertEquals(Errno.ENODEV, noDevice.errno());
            assertEquals("setsockopt(SO_BINDTODEVICE, nosuch0)", noDevice.call());

            try (UnicastSocket s = open(p.nsA(), AddressFamily.IPV4, p.ifA(), a.primaryIpv4())) {
                byte[] payload = new byte[12];
                // nobody answers ARP for .77 and 203.0.113.9 has no route: neither is a send error
                // (SO_BINDTODEVICE makes both on-link), and the real peer still gets its advert
                assertEquals(0, s.send(payload, payload.length, s.peer(ip("192.0.2.77"))));
                assertEquals(0, s.send(payload, payload.length, s.peer(ip("203.0.113.9"))));
                assertEquals(0, s.send(payload, payload.length, s.peer(ip("192.0.2.12"))));
                lab.in(p.nsA(), "ip", "link", "set", p.ifA(), "down");
                assertEquals(Errno.ENETUNREACH, s.send(payload, payload.length, s.peer(ip("192.0.2.12"))),
                        "the interface went down: a local error, returned");
                s.close();
                assertFalse(s.isOpen());
                assertEquals(9, s.send(payload, payload.length, s.peer(ip("192.0.2.12"))), "EBADF after close");
            }
        }
    }

    @Test
    void theSocketQueuesNothingItHears() throws Exception {
        try (Lab lab = Lab.create("ucs")) {
            NetLab.Pair p = NetLab.pair(lab);
            PacketInterface a = NetLab.info(p.nsA(), p.ifA());
            PacketInterface b = NetLab.info(p.nsB(), p.ifB());
            try (UnicastSocket sa = open(p.nsA(), AddressFamily.IPV4, p.ifA(), a.primaryIpv4());
                    UnicastSocket sb = open(p.nsB(), AddressFamily.IPV4, p.ifB(), b.primaryIpv4());
                    NetLab.Capture cap = new NetLab.Capture(p.nsB(), p.ifB(), 20, "ip proto 112")) {
                byte[] payload = AdvertEncoder.encode(Advertisement.of(AddressFamily.IPV4, 51, 150, 100, VIP4),
                        a.primaryIpv4().getAddress(), b.primaryIpv4().getAddress(), ChecksumForm.PSEUDO_HEADER);
                UnicastSocket.Peer peer = sa.peer(b.primaryIpv4());
                for (int i = 0; i < 20; i++) {
                    assertEquals(0, sa.send(payload, payload.length, peer));
                }
                cap.awaitDone(Duration.ofSeconds(10));
                // /proc/net/raw: "sl local rem st tx_queue:rx_queue ..." for protocol 112 (0070): nothing queued
                String raw = lab.in(p.nsB(), "cat", "/proc/net/raw");
                List<String> ours = raw.lines().filter(l -> l.contains(":0070 ")).toList();
                assertEquals(1, ours.size(), raw);
                assertTrue(ours.get(0).contains(" 00000000:00000000 "), "receive queue not empty: " + raw);
            }
        }
    }

    private static UnicastSocket open(String ns, AddressFamily family, String ifname, InetAddress source) throws Exception {
        int index = ifname.equals("nosuch0") ? 999 : Integer.parseInt(indexOf(ns, ifname));
        return NetNamespace.callIn(ns, () -> UnicastSocket.open(family, ifname, index, source));
    }

    private static String indexOf(String ns, String ifname) {
        return Lab.run("ip", "netns", "exec", ns, "cat", "/sys/class/net/" + ifname + "/ifindex").trim();
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code 02:00:...} as tshark prints it. */
    private static final class HexMac {
        static String of(byte[] mac) {
            StringBuilder b = new StringBuilder();
            for (byte x : mac) {
                b.append(b.length() == 0 ? "" : ":").append(String.format("%02x", x & 0xff));
            }
            return b.toString();
        }
    }
}
