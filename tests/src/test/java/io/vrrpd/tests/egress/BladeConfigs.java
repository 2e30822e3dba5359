package io.vrrpd.tests.egress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * vrrpd configs shaped like config-samples/blade-a.yaml and blade-b.yaml for the lab: gw4 and gw6
 * on eth0 (VRID 51, 100 ms adverts, VIPs 192.0.2.1/24, fe80::1/64, 2001:db8:1::1/64) in sync
 * group {@code gw}, and default-gateway hooks via 198.51.100.1 / 2001:db8:ff::1 over eth1 with
 * an active ICMP probe to 203.0.113.1 / 2001:db8:99::1 (the neighbour check alone trusts a STALE
 * entry, so only the probe notices a dead upstream reliably).
 */
final class BladeConfigs {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private BladeConfigs() {
    }

    /** The two instances and the sync group, followed by {@code hooks} (YAML list items, or empty). */
    static String blade(int priority, String... hooks) {
        StringBuilder b = new StringBuilder();
        b.append("instances:\n");
        b.append("  gw4:\n");
        b.append("    family: ipv4\n");
        b.append("    interface: eth0\n");
        b.append("    vrid: 51\n");
        b.append("    priority: ").append(priority).append('\n');
        b.append("    advert-interval: 100ms\n");
        b.append("    virtual-addresses: [192.0.2.1/24]\n");
        b.append("  gw6:\n");
        b.append("    family: ipv6\n");
        b.append("    interface: eth0\n");
        b.append("    vrid: 51\n");
        b.append("    priority: ").append(priority).append('\n');
        b.append("    advert-interval: 100ms\n");
        b.append("    virtual-addresses: [fe80::1/64, 2001:db8:1::1/64]\n");
        b.append("sync-groups:\n");
        b.append("  gw: { members: [gw4, gw6] }\n");
        if (hooks.length > 0) {
            b.append("hooks:\n");
            for (String h : hooks) {
                b.append(h);
            }
        }
        return b.toString();
    }

    /** Both default-gateway hooks (gw4 via 198.51.100.1, gw6 via 2001:db8:ff::1), verified with an ICMP probe. */
    static String gatewayHooks(String onFailure, int demoteBy, String interval, String holdDown) {
        return gatewayHook("gw4", "198.51.100.1", "203.0.113.1", onFailure, demoteBy, interval, holdDown)
                + gatewayHook("gw6", "2001:db8:ff::1", "2001:db8:99::1", onFailure, demoteBy, interval, holdDown);
    }

    static String gatewayHook(String instance, String gateway, String target, String onFailure, int demoteBy,
                              String interval, String holdDown) {
        return "  - type: default-gateway\n"
                + "    instances: [" + instance + "]\n"
                + "    gateway: " + gateway + "\n"
                + "    interface: eth1\n"
                + "    verify: { fib: true, neighbor: true, probe: { type: icmp, target: " + target + " }, timeout: 1s, interval: "
                + interval + " }\n"
                + "    on-failure: " + onFailure + "\n"
                + "    demote-by: " + demoteBy + "\n"
                + "    on-backup: withdraw\n"
                + "    hold-down: " + holdDown + "\n";
    }

    /** An exec hook bound through the sync group (both gw4 and gw6 get it): proves group binding. */
    static String groupExecHook(Path program, String timeout) {
        return "  - type: exec\n"
                + "    sync-groups: [gw]\n"
                + "    command: [" + program + "]\n"
                + "    timeout: " + timeout + "\n";
    }

    /** An exec hook bound to one instance. */
    static String execHook(String instance, String timeout, Object... command) {
        List<String> argv = new ArrayList<>();
        for (Object c : command) {
            argv.add("\"" + c + "\"");
        }
        return "  - type: exec\n"
                + "    instances: [" + instance + "]\n"
                + "    command: [" + String.join(", ", argv) + "]\n"
                + "    timeout: " + timeout + "\n";
    }

    /** Writes an executable shell script. */
    static Path script(Path dir, String name, String body) {
        Path p = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            Files.writeString(p, "#!/bin/sh\n" + body + "\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /**
     * A notify program that stores each event it gets on stdin in its own file under
     * {@code eventsDir} (no interleaving between concurrent calls).
     */
    static Path notifyScript(Path dir, Path eventsDir) {
        try {
            Files.createDirectories(eventsDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return script(dir, "notify.sh", "cat > \"$(mktemp " + eventsDir + "/event-XXXXXX)\"");
    }

    /** The events stored by {@link #notifyScript}, parsed. */
    static List<com.fasterxml.jackson.databind.JsonNode> events(Path eventsDir) {
        List<com.fasterxml.jackson.databind.JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(eventsDir)) {
            for (Path f : files.sorted().toList()) {
                String text = Files.readString(f);
                if (!text.isBlank()) {
                    out.add(JSON.readTree(text));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
