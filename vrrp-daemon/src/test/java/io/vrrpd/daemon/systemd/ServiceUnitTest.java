package io.vrrpd.daemon.systemd;

import io.vrrpd.daemon.ExitCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** config-samples/vrrpd.service: Type=notify, unprivileged, exactly CAP_NET_RAW and CAP_NET_ADMIN. */
class ServiceUnitTest {
    /** section -> key -> every value given (systemd keys may repeat). */
    static Map<String, Map<String, List<String>>> parse(Path unit) throws IOException {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        Map<String, List<String>> section = null;
        for (String raw : Files.readAllLines(unit)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = out.computeIfAbsent(line.substring(1, line.length() - 1), s -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            assertTrue(eq > 0 && section != null, "not KEY=VALUE inside a section: " + raw);
            section.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
        }
        return out;
    }

    private static Path unit() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("config-samples/vrrpd.service"))) {
                return p.resolve("config-samples/vrrpd.service");
            }
        }
        throw new IllegalStateException("no config-samples/vrrpd.service above " + Path.of("").toAbsolutePath());
    }

    private static Set<String> words(List<String> values) {
        Set<String> out = new HashSet<>();
        assertNotNull(values);
        for (String v : values) {
            out.addAll(Arrays.asList(v.split("\\s+")));
        }
        return out;
    }

    private static String one(Map<String, List<String>> section, String key) {
        List<String> v = section.get(key);
        assertNotNull(v, key + " is missing");
        assertEquals(1, v.size(), key + " is given more than once");
        return v.get(0);
    }

    @Test
    void theUnitIsTypeNotifyUnprivilegedWithExactlyTheTwoCapabilities() throws IOException {
        Map<String, List<String>> service = parse(unit()).get("Service");
        assertNotNull(service, "no [Service] section");
        assertEquals("notify", one(service, "Type"));
        assertEquals("/usr/local/bin/vrrpd --config /etc/vrrpd/vrrpd.yaml --state-dir /var/lib/vrrpd", one(service, "ExecStart"));
        assertEquals("vrrpd", one(service, "StateDirectory"), "the state dir exists and belongs to the user");
        // a renamed NIC must not keep the daemon from starting: the check before it is offline
        assertEquals("/usr/local/bin/vrrpd --check --offline --config /etc/vrrpd/vrrpd.yaml", one(service, "ExecStartPre"));
        assertEquals("/bin/kill -HUP $MAINPID", one(service, "ExecReload"));
        assertEquals("5s", one(service, "WatchdogSec"));
        assertEquals("on-failure", one(service, "Restart"));
        // restarting cannot mend a bad config or missing privileges
        assertEquals(Set.of(Integer.toString(ExitCode.CONFIG.code()), Integer.toString(ExitCode.PRIVILEGES.code())),
                words(service.get("RestartPreventExitStatus")));
        assertEquals(Set.of("CAP_NET_RAW", "CAP_NET_ADMIN"), words(service.get("AmbientCapabilities")));
        assertEquals(Set.of("CAP_NET_RAW", "CAP_NET_ADMIN"), words(service.get("CapabilityBoundingSet")));
        String user = one(service, "User");
        assertFalse(user.equals("root") || user.equals("0") || user.isEmpty(), "User=" + user);
        assertEquals("vrrpd", user);
        assertEquals("vrrpd", one(service, "Group"));
        assertEquals("yes", one(service, "NoNewPrivileges"));
        assertEquals("vrrpd", one(service, "RuntimeDirectory"));
        assertEquals("0750", one(service, "RuntimeDirectoryMode"));
        assertEquals("strict", one(service, "ProtectSystem"));
        // native code is unpacked where only vrrpd's user can write: systemd owns and chmods it
        assertEquals("vrrpd", one(service, "CacheDirectory"));
        assertEquals("0700", one(service, "CacheDirectoryMode"));
        assertTrue(service.get("Environment").contains("VRRPD_NATIVE_DIR=/var/cache/vrrpd"), service.get("Environment").toString());
        Set<String> families = words(service.get("RestrictAddressFamilies"));
        assertTrue(families.containsAll(Set.of("AF_NETLINK", "AF_PACKET", "AF_UNIX")), "netlink, pcap and the sockets: " + families);
        assertFalse(service.containsKey("PrivateNetwork"), "vrrpd needs the real interfaces");
        assertFalse("yes".equals(service.getOrDefault("MemoryDenyWriteExecute", List.of("no")).get(0)), "the JIT needs W+X");
    }
}
