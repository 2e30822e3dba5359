package io.vrrpd.tests.egress;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.hooks.kernel.NamespaceLab;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** What the kernel of a lab namespace holds, read with {@code ip -j}, and what a reboot would lose. */
final class Routes {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private Routes() {
    }

    static String gateway(Family f) {
        return f == Family.IPV4 ? BladeLab.GATEWAY4 : BladeLab.GATEWAY6;
    }

    /** {@code ip -n NS -j route show default} for a family. */
    static JsonNode defaults(String ns, Family f) {
        try {
            return JSON.readTree(NamespaceLab.run("ip", "-n", ns, f.flag(), "-j", "route", "show", "default"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the namespace has the default route via the upstream gateway on eth1 tagged proto 200 (vrrpd's). */
    static boolean hasVrrpdDefault(String ns, Family f) {
        for (JsonNode r : defaults(ns, f)) {
            if (r.path("gateway").asText().equals(gateway(f)) && r.path("dev").asText().equals(BladeLab.UP_IF)
                    && r.path("protocol").asText().equals("200")) {
                return true;
            }
        }
        return false;
    }

    /** The addresses on an interface. */
    static List<String> addresses(String ns, String ifname) {
        try {
            List<String> out = new ArrayList<>();
            for (JsonNode link : JSON.readTree(NamespaceLab.run("ip", "-n", ns, "-j", "addr", "show", "dev", ifname))) {
                for (JsonNode a : link.path("addr_info")) {
                    out.add(a.path("local").asText());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a reboot loses after the daemon died: the routes it installed (proto 200) and the VIPs.
     * The daemon must be dead already.
     */
    static void loseKernelStateLikeAReboot(String ns) {
        NamespaceLab.run("ip", "-n", ns, "-4", "route", "flush", "proto", "200");
        NamespaceLab.run("ip", "-n", ns, "-6", "route", "flush", "proto", "200");
        for (String cidr : List.of(BladeLab.VIP4 + "/24", BladeLab.VIP6 + "/64", BladeLab.VIP6_LINK_LOCAL + "/64")) {
            try {
                new ProcessBuilder("ip", "-n", ns, "addr", "del", cidr, "dev", BladeLab.LAN_IF)
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
