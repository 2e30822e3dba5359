package io.vrrpd.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.vrrpd.lab.BladeLab.LAN_IF;

/**
 * The scale configuration: VRIDs 1..n, each as an IPv4 and an IPv6 instance on eth0, so 2 × n
 * instances per router, used by the scale benchmark and the start-up regression test.
 *
 * <p>IPv4 instance {@code v4_n}: VIP 192.0.2.n/24, except the four n that collide with lab
 * addresses or the broadcast (2, 3, 100, 255), which get 203.0.113.n/32. IPv6 instance
 * {@code v6_n}: fe80::n/64 then 2001:db8:1::1:n/64, n in hex. 255 VRIDs give 510 instances
 * and 765 VIPs.
 */
public final class ManyInstances {
    private static final Set<Integer> COLLIDING = Set.of(2, 3, 100, 255);

    private ManyInstances() {
    }

    /** The IPv4 VIP of VRID {@code n}, with its prefix length. */
    public static String vip4(int n) {
        return COLLIDING.contains(n) ? "203.0.113." + n + "/32" : "192.0.2." + n + "/24";
    }

    /** The IPv6 VIPs of VRID {@code n} (link-local first), with prefix lengths. */
    public static List<String> vips6(int n) {
        String h = Integer.toHexString(n);
        return List.of("fe80::" + h + "/64", "2001:db8:1::1:" + h + "/64");
    }

    /** Every VIP of VRIDs 1..{@code vrids}, with prefix lengths. */
    public static List<String> allVipCidrs(int vrids) {
        List<String> out = new ArrayList<>();
        for (int n = 1; n <= vrids; n++) {
            out.add(vip4(n));
            out.addAll(vips6(n));
        }
        return out;
    }

    /** The addresses of {@code cidrs} without prefix length, as {@code ip addr} shows them. */
    public static List<String> bare(List<String> cidrs) {
        return cidrs.stream().map(c -> c.substring(0, c.indexOf('/'))).toList();
    }

    /** vrrpd instances {@code v4_1..v4_vrids} then {@code v6_1..v6_vrids} on eth0. */
    public static List<VrrpdPeer.Config> vrrpd(int vrids, int priority, Duration interval) {
        List<VrrpdPeer.Config> out = new ArrayList<>();
        for (int n = 1; n <= vrids; n++) {
            out.add(new VrrpdPeer.Config("v4_" + n, Family.IPV4, LAN_IF, null, n, priority, interval, List.of(vip4(n)),
                    null, null));
        }
        for (int n = 1; n <= vrids; n++) {
            out.add(new VrrpdPeer.Config("v6_" + n, Family.IPV6, LAN_IF, null, n, priority, interval, vips6(n), null, null));
        }
        return out;
    }

    /** keepalived instances with the same names, VRIDs and VIPs. */
    public static List<KeepalivedPeer.Config> keepalived(int vrids, int priority, Duration interval) {
        List<KeepalivedPeer.Config> out = new ArrayList<>();
        for (int n = 1; n <= vrids; n++) {
            out.add(KeepalivedPeer.Config.ipv4("v4_" + n, priority).withVrid(n).withVips(List.of(vip4(n)))
                    .withAdvertInterval(interval));
        }
        for (int n = 1; n <= vrids; n++) {
            out.add(KeepalivedPeer.Config.ipv6("v6_" + n, priority).withVrid(n).withVips(vips6(n))
                    .withAdvertInterval(interval));
        }
        return out;
    }

    /** Starts vrrpd with {@code configs} (one process) on {@code routerNs}; stopped by the lab's close. */
    public static VrrpdPeer start(BladeLab bl, String routerNs, List<VrrpdPeer.Config> configs) {
        return bl.vrrpd(routerNs, configs.get(0), configs.subList(1, configs.size()).toArray(new VrrpdPeer.Config[0]));
    }
}
