package io.vrrpd.daemon.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

/** Shared fixtures: a fixed interface directory and helpers to load YAML text. */
final class Configs {

    static final Path FILE = Path.of("gw.yaml");

    static final InterfaceDirectory LAB = InterfaceDirectory.of(List.of(
            TestLinks.link("lo", 1, "00:00:00:00:00:00"),
            TestLinks.link("lan0", 2, "52:54:00:12:34:56"),
            TestLinks.link("up0", 3, "52:54:00:ab:cd:ef"),
            TestLinks.link("eth0", 4, "52:54:00:00:00:04"),
            TestLinks.link("eth1", 5, "52:54:00:00:00:05")));

    private Configs() {}

    static VrrpdConfig load(String yaml) throws InvalidConfigException {
        return ConfigLoader.withBuiltInHooks().parse(FILE, yaml, LAB);
    }

    static List<ConfigProblem> problems(String yaml) {
        return problems(ConfigLoader.withBuiltInHooks(), yaml);
    }

    static List<ConfigProblem> problems(ConfigLoader loader, String yaml) {
        return assertThrows(InvalidConfigException.class, () -> loader.parse(FILE, yaml, LAB)).problems();
    }

    static List<String> paths(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::path).toList();
    }

    /** A valid ipv4 instance gw4 and ipv6 instance gw6 on lan0, then {@code rest} appended. */
    static String base(String rest) {
        return """
                instances:
                  gw4:
                    family: ipv4
                    interface: lan0
                    vrid: 51
                    virtual-addresses: [192.0.2.1/24]
                  gw6:
                    family: ipv6
                    interface: lan0
                    vrid: 51
                    virtual-addresses: [fe80::1/64, 2001:db8:1::1/64]
                sync-groups:
                  gw: { members: [gw4, gw6] }
                """ + rest;
    }
}
