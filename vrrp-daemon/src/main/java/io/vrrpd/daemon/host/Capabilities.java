package io.vrrpd.daemon.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two capabilities vrrpd needs, checked at start from {@code /proc/self/status} so that a
 * daemon without them fails at once with a message naming what is missing, instead of sitting in
 * FAULT. Root has both; an unprivileged user gets them from systemd's
 * {@code AmbientCapabilities=} or {@code setpriv --ambient-caps}.
 */
public final class Capabilities {
    /** Raw VRRP packets (IP protocol 112) and gratuitous ARP / unsolicited NA on the wire. */
    public static final int CAP_NET_RAW = 13;
    /** Adding and removing virtual addresses and routes over rtnetlink; multicast membership. */
    public static final int CAP_NET_ADMIN = 12;

    private Capabilities() {
    }

    /** Names of the needed capabilities missing from the effective set; empty when unknown (no /proc). */
    public static List<String> missing() {
        try {
            return missing(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    static List<String> missing(String procStatus) {
        Long eff = null;
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("CapEff:")) {
                eff = Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
            }
        }
        List<String> out = new ArrayList<>();
        if (eff == null) {
            return out;
        }
        if ((eff & (1L << CAP_NET_RAW)) == 0) {
            out.add("CAP_NET_RAW");
        }
        if ((eff & (1L << CAP_NET_ADMIN)) == 0) {
            out.add("CAP_NET_ADMIN");
        }
        return out;
    }

    /** What a daemon that lacks {@code missing} is told. */
    static HostProblem problem(List<String> missing) {
        return new HostProblem("missing capabilit" + (missing.size() == 1 ? "y " : "ies ") + String.join(" and ", missing)
                + " (CAP_NET_RAW: VRRP packets and gratuitous ARP/NA; CAP_NET_ADMIN: virtual addresses and routes)",
                "run as root, or grant them: AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN in the systemd unit, "
                + "or setpriv --inh-caps=+net_raw,+net_admin --ambient-caps=+net_raw,+net_admin (see docs/systemd.md)");
    }
}
