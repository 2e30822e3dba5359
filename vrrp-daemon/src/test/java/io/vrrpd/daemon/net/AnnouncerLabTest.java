package io.vrrpd.daemon.net;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.testlab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gratuitous ARP and unsolicited NA as a neighbour captures and tshark decodes them. */
@Timeout(120)
class AnnouncerLabTest {

    @Test
    void garpAndNaReachTheNeighbourWithTheRightFieldsCountAndTiming() throws Exception {
        try (Lab lab = Lab.create("pk")) {
            NetLab.Pair p = NetLab.pair(lab);
            PacketInterface a = NetLab.info(p.nsA(), p.ifA());
            Announcer.Settings settings = Announcer.Settings.defaults().withRepeat(3).withDelay(Duration.ofMillis(600));
            try (PacketChannel ch = NetLab.open(p.nsA(), a, PacketChannel.Options.defaults(), new NetLab.Recorder());
                    Announcer announcer = new Announcer(ch, a, settings);
                    NetLab.Capture cap = new NetLab.Capture(p.nsB(), p.ifB(), 12,
                            "(arp and arp[14:4] = 0xc0000201) or (icmp6 and ip6[40] = 136)")) {
                announcer.announce(AddressFamily.IPV4, 51, List.of(InetAddress.getByName("192.0.2.1")));
                announcer.announce(AddressFamily.IPV6, 51, List.of(InetAddress.getByName("2001:db8:1::1")));
                cap.awaitDone(Duration.ofSeconds(10));
                List<String> arp = cap.fields("frame.time_epoch", "eth.src", "eth.dst", "arp.opcode", "arp.src.hw_mac",
                        "arp.src.proto_ipv4", "arp.dst.proto_ipv4").stream().filter(l -> l.contains("|ff:ff:ff:ff:ff:ff|")).toList();
                List<String> na = cap.fields("frame.time_epoch", "eth.src", "eth.dst", "ipv6.src", "ipv6.dst", "ipv6.hlim",
                        "icmpv6.type", "icmpv6.nd.na.flag.r", "icmpv6.nd.na.flag.s", "icmpv6.nd.na.flag.o",
                        "icmpv6.nd.na.target_address", "icmpv6.opt.linkaddr", "icmpv6.checksum.status")
                        .stream().filter(l -> l.contains("|136|")).toList();
                assertEquals(6, arp.size(), arp.toString());
                assertEquals(6, na.size(), na.toString());
                for (String l : arp) {
                    assertEquals("00:00:5e:00:01:33|ff:ff:ff:ff:ff:ff|1|00:00:5e:00:01:33|192.0.2.1|192.0.2.1", rest(l), l);
                }
                for (String l : na) {
                    assertEquals("00:00:5e:00:02:33|33:33:00:00:00:01|2001:db8:1::1|ff02::1|255|136|1|0|1|2001:db8:1::1"
                            + "|00:00:5e:00:02:33|1", rest(l), l);
                }
                assertBurstsApart(arp, 3, 0.6);
                assertBurstsApart(na, 3, 0.6);
                assertEquals(12, announcer.sent());
            }
        }
    }

    private static String rest(String line) {
        return line.substring(line.indexOf('|') + 1);
    }

    /** The first {@code repeat} frames together, the rest at least {@code delay} seconds later. */
    private static void assertBurstsApart(List<String> lines, int repeat, double delay) {
        double first = time(lines.get(0));
        for (int i = 0; i < repeat; i++) {
            assertTrue(time(lines.get(i)) - first < delay / 2, "first burst together: " + lines);
        }
        for (int i = repeat; i < lines.size(); i++) {
            assertTrue(time(lines.get(i)) - first >= delay * 0.95, "second burst after the delay: " + lines);
        }
    }

    private static double time(String line) {
        return Double.parseDouble(line.substring(0, line.indexOf('|')));
    }
}
