package io.vrrpd.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.packet.AdvertEncoder;
import io.vrrpd.core.packet.Advertisement;
import io.vrrpd.core.packet.ChecksumForm;
import io.vrrpd.core.packet.Checksums;
import io.vrrpd.daemon.net.VrrpFrames;
import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;
import io.vrrpd.lab.AdvertCapture;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.LabPlan;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.vrrpd.lab.BladeLab.LAN_IF;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * vrrpd's adverts as an independent decoder sees them (tshark), and malformed adverts from a
 * scripted peer: each is dropped, counted under its RFC 6527 name, and changes nothing.
 */
class VrrpdWireLabTest extends SharedLabSupport {
    private static final VrrpdPeer.Config GW4 = VrrpdPeer.Config.ipv4("gw4", 150);
    private static final VrrpdPeer.Config GW6 = VrrpdPeer.Config.ipv6("gw6", 150);

    @Test
    void tsharkDecodesOurAdvertsAsVersion3WithGoodChecksumsTtl255AndTos0xc0() throws Exception {
        VrrpdPeer v = vrrpd(bl.r1(), GW4, GW6);
        awaitState(v, "gw4", "MASTER");
        awaitState(v, "gw6", "MASTER");
        AdvertCapture cap = bl.capture(bl.client(), LAN_IF);
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> cap.packetCount() >= 10);
        cap.stop();
        String src4 = bl.lanAddress(bl.r1(), Family.IPV4);
        String src6 = bl.linkLocal(bl.r1());
        List<String[]> rows = tshark(cap, "ip.src", "ipv6.src", "vrrp.version", "vrrp.type", "vrrp.virt_rtr_id",
                "vrrp.prio", "vrrp.checksum.status", "ip.ttl", "ip.dsfield", "ipv6.hlim", "ipv6.tclass", "eth.src",
                "vrrp.ip_addr", "vrrp.ipv6_addr", "vrrp.addr_count");
        int v4 = 0;
        int v6 = 0;
        for (String[] f : rows) {
            String line = String.join("|", f);
            assertEquals("3", f[2], "version: " + line);
            assertEquals("1", f[3], "type: " + line);
            assertEquals("51", f[4], "vrid: " + line);
            assertEquals("150", f[5], "priority: " + line);
            assertTrue(f[6].equals("1") || f[6].equalsIgnoreCase("Good"), "checksum status not Good: " + line);
            assertEquals("00:00:5e:00:0" + (f[0].isEmpty() ? "2" : "1") + ":33", f[11], "source MAC: " + line);
            if (!f[0].isEmpty()) {
                v4++;
                assertEquals(src4, f[0], line);
                assertEquals("255", f[7], "TTL: " + line);
                assertEquals("0xc0", f[8], "TOS: " + line);
                assertEquals(BladeLab.VIP4, f[12], line);
            } else {
                v6++;
                assertEquals(src6, f[1], line);
                assertEquals("255", f[9], "hop limit: " + line);
                assertEquals("0xc0", f[10].startsWith("0x") ? "0x" + f[10].substring(f[10].length() - 2) : f[10],
                        "traffic class: " + line);
                assertEquals("2", f[14], "address count: " + line);
            }
        }
        assertTrue(v4 >= 3 && v6 >= 3, "too few adverts decoded (IPv4 " + v4 + ", IPv6 " + v6 + "); " + cap.summary());
        System.out.println("tshark decoded " + v4 + " IPv4 and " + v6 + " IPv6 adverts of vrrpd, all Good, e.g. "
                + String.join("|", rows.get(0)));
    }

    /** The malformed adverts sent per family, and the RFC 6527 counter each must land in. */
    private record Bad(String what, byte[] frame, String counter) {
    }

    @Test
    void malformedAdvertsAreDroppedAndCountedWithoutAnyStateChange() throws Exception {
        VrrpdPeer v1 = vrrpd(bl.r1(), GW4, GW6);
        VrrpdPeer v2 = vrrpd(bl.r2(), GW4.withPriority(100), GW6.withPriority(100));
        for (String n : List.of("gw4", "gw6")) {
            awaitState(v1, n, "MASTER");
            awaitState(v2, n, "BACKUP");
        }
        awaitMasterAddress(v2, "gw4", bl.lanAddress(bl.r1(), Family.IPV4));
        awaitMasterAddress(v2, "gw6", bl.linkLocal(bl.r1()));
        Map<String, JsonNode> before = new LinkedHashMap<>();
        for (VrrpdPeer v : List.of(v1, v2)) {
            for (String n : List.of("gw4", "gw6")) {
                before.put(v.namespace() + n, v.instance(n));
                assertTrue(v.instance(n).path("counters").path("rejected").isEmpty(), safeStatus(v));
            }
        }

        List<Bad> bad4 = malformed(AddressFamily.IPV4);
        List<Bad> bad6 = malformed(AddressFamily.IPV6);
        int repeat = 3;
        NetNamespace.callIn(bl.client(), () -> {
            PcapNetworkInterface nif = org.pcap4j.core.Pcaps.getDevByName(LAN_IF);
            try (PcapHandle h = nif.openLive(256, PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS, 100)) {
                for (int i = 0; i < repeat; i++) {
                    for (Bad b : bad4) {
                        h.sendPacket(b.frame());
                    }
                    for (Bad b : bad6) {
                        h.sendPacket(b.frame());
                    }
                }
            }
            return null;
        });

        Map<String, Long> expected = new LinkedHashMap<>();
        for (Bad b : bad4) {
            expected.merge(b.counter(), (long) repeat, Long::sum);
        }
        for (VrrpdPeer v : List.of(v1, v2)) {
            for (String n : List.of("gw4", "gw6")) {
                try {
                    await().atMost(CONVERGE).pollInterval(POLL).until(() -> rejected(v, n).equals(expected));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError(n + " on " + v.namespace() + ": rejected " + rejected(v, n)
                            + " (expected: " + expected + ")\n" + safeStatus(v), e);
                }
            }
        }
        // Nothing changed: states, masters, transitions.
        stableNoChange(v1, v2, before);
        System.out.println("malformed adverts counted per instance: " + expected);
    }

    private void stableNoChange(VrrpdPeer v1, VrrpdPeer v2, Map<String, JsonNode> before) {
        await().during(java.time.Duration.ofMillis(1000)).atMost(java.time.Duration.ofSeconds(3))
                .pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
                    for (VrrpdPeer v : List.of(v1, v2)) {
                        for (String n : List.of("gw4", "gw6")) {
                            JsonNode was = before.get(v.namespace() + n);
                            JsonNode now = v.instance(n);
                            if (!now.path("state").equals(was.path("state"))
                                    || !now.path("master").equals(was.path("master"))
                                    || !now.path("last-transition").equals(was.path("last-transition"))
                                    || now.path("counters").path("master-transitions").asLong()
                                    != was.path("counters").path("master-transitions").asLong()) {
                                throw new AssertionError("state changed on " + v.namespace() + " " + n + ": was " + was
                                        + ", now " + now);
                            }
                        }
                    }
                    return true;
                });
        assertTrue(v1.holdsVip());
        assertFalse(v2.holdsAnyVip());
    }

    private static Map<String, Long> rejected(VrrpdPeer v, String name) {
        Map<String, Long> m = new LinkedHashMap<>();
        v.instance(name).path("counters").path("rejected").fields()
                .forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }

    /**
     * Adverts for VRID 51 from the client (a would-be router with priority 200, which would
     * preempt both routers if any were accepted), each broken in one way.
     */
    private List<Bad> malformed(AddressFamily family) throws Exception {
        boolean v4 = family == AddressFamily.IPV4;
        InetAddress src = InetAddress.getByName(v4 ? BladeLab.CLIENT4 : LabPlan.eui64LinkLocal(LabPlan.mac(0x10, 0)));
        byte[] dst = family.multicastGroup();
        Advertisement a = v4
                ? Advertisement.of(family, 51, 200, 10, InetAddress.getByName(BladeLab.VIP4))
                : Advertisement.of(family, 51, 200, 10, InetAddress.getByName(BladeLab.VIP6_LINK_LOCAL),
                InetAddress.getByName(BladeLab.VIP6));
        byte[] mac = macBytes(BladeLab.mac(0x10, 0));
        List<Bad> out = new ArrayList<>();

        byte[] badSum = AdvertEncoder.encode(a, src.getAddress(), dst, ChecksumForm.PSEUDO_HEADER);
        badSum[7] ^= 0x5a;
        out.add(new Bad("bad checksum", frame(family, mac, src, badSum), "vrrpv3RouterChecksumErrors"));

        byte[] good = AdvertEncoder.encode(a, src.getAddress(), dst, ChecksumForm.PSEUDO_HEADER);
        byte[] ttl = frame(family, mac, src, good);
        setHopLimit(family, ttl, 254);
        out.add(new Bad("TTL 254", ttl, "vrrpv3StatisticsIpTtlErrors"));

        byte[] version = AdvertEncoder.encode(a, src.getAddress(), dst, ChecksumForm.PSEUDO_HEADER);
        version[0] = (byte) 0x21;
        rechecksum(family, src, dst, version);
        out.add(new Bad("version 2", frame(family, mac, src, version), "vrrpv3RouterVersionErrors"));

        byte[] truncated = java.util.Arrays.copyOf(good, 6);
        out.add(new Bad("truncated to 6 bytes", frame(family, mac, src, truncated), "vrrpv3StatisticsPacketLengthErrors"));

        byte[] count = AdvertEncoder.encode(a, src.getAddress(), dst, ChecksumForm.PSEUDO_HEADER);
        count[3] = (byte) (count[3] + 1);   // one address more than the packet carries
        rechecksum(family, src, dst, count);
        out.add(new Bad("address count one too high", frame(family, mac, src, count), "vrrpv3StatisticsPacketLengthErrors"));
        return out;
    }

    private static byte[] frame(AddressFamily family, byte[] mac, InetAddress src, byte[] payload) {
        return VrrpFrames.advert(family, mac, src, payload, 0, payload.length);
    }

    private static void rechecksum(AddressFamily family, InetAddress src, byte[] dst, byte[] payload) {
        payload[6] = 0;
        payload[7] = 0;
        int c = Checksums.vrrpChecksum(family, ChecksumForm.PSEUDO_HEADER, src.getAddress(), dst, payload, 0,
                payload.length);
        payload[6] = (byte) (c >>> 8);
        payload[7] = (byte) c;
    }

    /** Sets the IPv4 TTL (and fixes the header checksum) or the IPv6 hop limit of an Ethernet frame. */
    private static void setHopLimit(AddressFamily family, byte[] frame, int value) {
        if (family == AddressFamily.IPV6) {
            frame[14 + 7] = (byte) value;
            return;
        }
        frame[14 + 8] = (byte) value;
        frame[14 + 10] = 0;
        frame[14 + 11] = 0;
        long sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((frame[14 + i] & 0xff) << 8) | (frame[14 + i + 1] & 0xff);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        int c = ~(int) sum & 0xffff;
        frame[14 + 10] = (byte) (c >>> 8);
        frame[14 + 11] = (byte) c;
    }

    private static byte[] macBytes(String mac) {
        String[] p = mac.split(":");
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) Integer.parseInt(p[i], 16);
        }
        return b;
    }

    private static List<String[]> tshark(AdvertCapture cap, String... fields) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", cap.pcapFile().toString(), "-Y", "vrrp", "-T", "fields",
                "-E", "separator=|", "-E", "occurrence=f"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "tshark failed on " + cap.pcapFile());
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                rows.add(line.split("\\|", -1));
            }
        }
        return rows;
    }
}
