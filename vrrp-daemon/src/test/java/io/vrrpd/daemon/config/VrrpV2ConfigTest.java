package io.vrrpd.daemon.config;

import static io.vrrpd.daemon.config.Configs.paths;
import static io.vrrpd.daemon.config.Configs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.packet.Authentication;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code version}, {@code accept-v2} and {@code max-adopted-interval}: what loads, and every
 * problem at its path with what would be valid. The password fields have their own test
 * ({@link AuthenticationConfigTest}).
 */
class VrrpV2ConfigTest {

    static String gw4(String extra) {
        return "instances:\n  gw4:\n    family: ipv4\n    interface: lan0\n    vrid: 51\n"
                + "    virtual-addresses: [192.0.2.1/24]\n" + extra;
    }

    private static String gw6(String extra) {
        return "instances:\n  gw6:\n    family: ipv6\n    interface: lan0\n    vrid: 51\n"
                + "    virtual-addresses: [fe80::1/64]\n" + extra;
    }

    private static InstanceConfig load(String yaml) throws Exception {
        return Configs.load(yaml).instances().values().iterator().next();
    }

    @Test
    void theDefaultIsVrrpv3WithoutMixedModeOrBound() throws Exception {
        InstanceConfig c = load(gw4(""));
        assertEquals(VrrpVersion.V3, c.version());
        assertFalse(c.acceptV2());
        assertEquals(0, c.maxAdoptedIntervalCentis());
        assertEquals(Authentication.NONE, c.authentication());
    }

    @Test
    void version2TakesWholeSecondsUpTo255() throws Exception {
        InstanceConfig c = load(gw4("    version: 2\n"));
        assertEquals(VrrpVersion.V2, c.version());
        assertEquals(100, c.advertIntervalCentis(), "1 s unless configured, as keepalived's advert_int");
        assertEquals(25500, load(gw4("    version: 2\n    advert-interval: 255s\n")).advertIntervalCentis());
        assertEquals(300, load(gw4("    version: 2\n    advert-interval: 3s\n")).advertIntervalCentis());
    }

    @Test
    void aSubSecondVrrpv2IntervalIsRefusedNamingTheMixedModeInstead() {
        List<ConfigProblem> p = problems(gw4("    version: 2\n    advert-interval: 100ms\n"));
        assertEquals(List.of("instances.gw4.advert-interval"), paths(p), p::toString);
        assertEquals("100ms is not a whole number of seconds: VRRPv2 adverts carry whole seconds (RFC 3768)",
                p.get(0).message());
        assertTrue(p.get(0).hint().startsWith("1s to 255s in whole seconds"), p.get(0).hint());
        assertTrue(p.get(0).hint().contains("version: 3 with accept-v2: true"), p.get(0).hint());
        ConfigProblem fraction = problems(gw4("    version: 2\n    advert-interval: 1.5s\n")).get(0);
        assertTrue(fraction.message().startsWith("1.5s is not a whole number of seconds"), fraction.message());
        ConfigProblem tooLong = problems(gw4("    version: 2\n    advert-interval: 256s\n")).get(0);
        assertEquals("256s is out of range", tooLong.message());
    }

    @Test
    void version2OnIpv6AndOtherVersionsAreRefused() {
        List<ConfigProblem> p = problems(gw6("    version: 2\n"));
        assertEquals(List.of("instances.gw6.version"), paths(p), p::toString);
        assertTrue(p.get(0).message().contains("VRRPv2 (RFC 3768) is IPv4 only"), p.get(0).message());
        assertTrue(p.get(0).hint().startsWith("version: 3"), p.get(0).hint());
        ConfigProblem four = problems(gw4("    version: 4\n")).get(0);
        assertEquals("instances.gw4.version", four.path());
        assertEquals("2-3", four.hint());
    }

    @Test
    void acceptV2IsForVrrpv3Ipv4InstancesOnly() throws Exception {
        InstanceConfig mixed = load(gw4("    accept-v2: true\n    advert-interval: 100ms\n"));
        assertTrue(mixed.acceptV2());
        assertEquals(10, mixed.advertIntervalCentis(), "a mixed instance keeps its sub-second VRRPv3 interval");

        List<ConfigProblem> onV2 = problems(gw4("    version: 2\n    accept-v2: true\n"));
        assertEquals(List.of("instances.gw4.accept-v2"), paths(onV2), onV2::toString);
        assertTrue(onV2.get(0).message().contains("speaks VRRPv2 already"), onV2.get(0).message());
        List<ConfigProblem> onV6 = problems(gw6("    accept-v2: true\n"));
        assertEquals(List.of("instances.gw6.accept-v2"), paths(onV6), onV6::toString);
        assertTrue(onV6.get(0).message().contains("IPv4 only"), onV6.get(0).message());
    }

    @Test
    void maxAdoptedIntervalBoundsWhatABackupAdopts() throws Exception {
        assertEquals(300, load(gw4("    max-adopted-interval: 3s\n")).maxAdoptedIntervalCentis());
        assertEquals(25500, load(gw4("    accept-v2: true\n    max-adopted-interval: 255s\n"))
                .maxAdoptedIntervalCentis(), "a mixed backup may adopt up to a VRRPv2 master's 255 s");

        List<ConfigProblem> onV2 = problems(gw4("    version: 2\n    max-adopted-interval: 3s\n"));
        assertEquals(List.of("instances.gw4.max-adopted-interval"), paths(onV2), onV2::toString);
        assertTrue(onV2.get(0).message().contains("never adopts"), onV2.get(0).message());

        ConfigProblem shorter = problems(gw4("    advert-interval: 2s\n    max-adopted-interval: 1s\n")).get(0);
        assertEquals("instances.gw4.max-adopted-interval", shorter.path());
        assertTrue(shorter.message().contains("shorter than this instance's advert-interval 2s"), shorter.message());
        assertTrue(shorter.hint().startsWith("at least 2s"), shorter.hint());

        // mixed mode at 100 ms: VRRPv2 routers beside it advertise 1 s, so a bound under 1 s would cut them short
        ConfigProblem mixed = problems(gw4("    advert-interval: 100ms\n    accept-v2: true\n"
                + "    max-adopted-interval: 500ms\n")).get(0);
        assertTrue(mixed.message().contains("VRRPv2 routers beside this one advertise"), mixed.message());
        assertTrue(mixed.hint().startsWith("at least 1s"), mixed.hint());
        assertEquals(50, load(gw4("    advert-interval: 100ms\n    max-adopted-interval: 500ms\n"))
                .maxAdoptedIntervalCentis(), "without accept-v2, 500ms is fine at 100ms adverts");
        assertEquals("15ms is not a multiple of 10ms (adverts carry centiseconds)",
                problems(gw4("    max-adopted-interval: 15ms\n")).get(0).message());
    }

    @Test
    void everyProblemOfTheVersionFieldsIsReportedAtOnce() {
        List<ConfigProblem> p = problems("""
                instances:
                  a4: {family: ipv4, interface: lan0, vrid: 1, version: 2, advert-interval: 10ms, virtual-addresses: [192.0.2.1]}
                  b6: {family: ipv6, interface: lan0, vrid: 1, accept-v2: true, virtual-addresses: [fe80::1]}
                  c4: {family: ipv4, interface: lan0, vrid: 2, version: 2, max-adopted-interval: 2s, virtual-addresses: [192.0.2.2]}
                """);
        assertEquals(List.of("instances.a4.advert-interval", "instances.b6.accept-v2", "instances.c4.max-adopted-interval"),
                paths(p), p::toString);
    }

    @Test
    void unicastPeersMayCarryTtlBounds() throws Exception {
        InstanceConfig c = load(gw4("    unicast-peers: [192.0.2.3, {address: 192.0.2.4, min-ttl: 255, max-ttl: 255}]\n"));
        assertEquals(2, c.unicast().entries().size());
        assertEquals(0, c.unicast().entries().get(0).minTtl(), "a bare address: any TTL, as keepalived");
        assertEquals(255, c.unicast().entries().get(0).maxTtl());
        assertEquals(255, c.unicast().entries().get(1).minTtl());
        assertEquals(List.of(java.net.InetAddress.getByName("192.0.2.3"), java.net.InetAddress.getByName("192.0.2.4")),
                c.unicast().peers());

        List<ConfigProblem> p = problems(gw4("    unicast-peers: [{address: 192.0.2.3, min-ttl: 200, max-ttl: 100},"
                + " {min-ttl: 1}, {address: 192.0.2.5, max-ttl: 300}, {address: 192.0.2.6, ttl: 255}]\n"));
        assertEquals(List.of("instances.gw4.unicast-peers[0].max-ttl", "instances.gw4.unicast-peers[1].address",
                "instances.gw4.unicast-peers[2].max-ttl", "instances.gw4.unicast-peers[3].ttl"), paths(p), p::toString);
        assertEquals("max-ttl 100 is below min-ttl 200", p.get(0).message());
        assertEquals("missing required field", p.get(1).message());
        assertTrue(p.get(3).message().startsWith("unknown field \"ttl\""), p.get(3).message());
    }

    @Test
    void aChangeOfVersionOrModeRestartsTheInstanceAndIsInTheDiff() throws Exception {
        VrrpdConfig v2 = Configs.load(gw4("    version: 2\n"));
        VrrpdConfig mixed = Configs.load(gw4("    accept-v2: true\n    max-adopted-interval: 3s\n"));
        assertNotEquals(v2.instances().get("gw4"), mixed.instances().get("gw4"));
        assertEquals(List.of("  changed gw4: version 2 -> 3", "  changed gw4: accept-v2 false -> true",
                        "  changed gw4: max-adopted-interval none -> 3000ms"),
                ConfigDiff.between(v2, mixed).stream().map(Object::toString).toList());
    }
}
