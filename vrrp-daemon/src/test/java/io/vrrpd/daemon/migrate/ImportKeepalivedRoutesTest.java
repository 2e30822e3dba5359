package io.vrrpd.daemon.migrate;

import static io.vrrpd.daemon.migrate.KeepalivedFixtures.item;
import static io.vrrpd.daemon.migrate.KeepalivedFixtures.items;
import static io.vrrpd.daemon.migrate.KeepalivedFixtures.load;
import static io.vrrpd.daemon.migrate.KeepalivedFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.daemon.config.VrrpdConfig;
import io.vrrpd.hooks.builtin.RoutesConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** virtual_routes beyond the default and virtual_rules become a routes hook bound to their instance. */
class ImportKeepalivedRoutesTest {

    @Test
    void everyRouteAndRuleVrrpdCanHoldIsConvertedAndTheRestIsReported() throws Exception {
        var r = KeepalivedImporter.importFile(resource("routes-and-rules.conf"));
        assertEquals(List.of(
                "routes-and-rules.conf:1 vrrp_instance LB",
                "routes-and-rules.conf:9 virtual_routes src 192.0.2.30 to 203.0.113.0/25 via 198.51.100.1 dev up0 table 100 metric 10",
                "routes-and-rules.conf:12 virtual_routes 203.0.113.128/26 dev up0 type prohibit",
                "routes-and-rules.conf:13 virtual_routes 203.0.113.192/26 via 198.51.100.1 or 198.51.100.2 dev up0",
                "routes-and-rules.conf:14 virtual_routes throw 203.0.113.0/24",
                "routes-and-rules.conf:20 virtual_rules from 192.0.2.0/24 fwmark 7 table 100",
                "routes-and-rules.conf:21 virtual_rules from all table 100"), items(r));
        assertTrue(item(r, "virtual_routes src 192.0.2.30 to 203.0.113.0/25 via 198.51.100.1 dev up0 table 100 metric 10")
                .message().contains("not carried over: src 192.0.2.30"));
        assertTrue(item(r, "virtual_routes 203.0.113.128/26 dev up0 type prohibit").message()
                .contains("not carried over: dev up0 (a prohibit route has none)"));
        assertTrue(item(r, "virtual_routes 203.0.113.192/26 via 198.51.100.1 or 198.51.100.2 dev up0").message()
                .contains("several next hops"));
        assertTrue(item(r, "virtual_routes throw 203.0.113.0/24").message().contains("a throw route"));
        assertTrue(item(r, "virtual_rules from 192.0.2.0/24 fwmark 7 table 100").message()
                .contains("this one says fwmark 7"));
        assertTrue(item(r, "virtual_rules from all table 100").message().contains("no from, no to"));

        VrrpdConfig c = load(r.yaml());
        assertEquals(1, c.hooks().size(), r::yaml);
        RoutesConfig h = c.hooksOf("lb").get(0).config(RoutesConfig.class);
        assertEquals(List.of(
                new RoutesConfig.Route("203.0.113.0/25", "198.51.100.1", "up0", "100", "10", null),
                new RoutesConfig.Route("198.51.100.128/25", null, null, null, null, "blackhole"),
                new RoutesConfig.Route("2001:db8:66::/48", null, null, "100", null, "unreachable"),
                new RoutesConfig.Route("203.0.113.128/26", null, null, null, null, "prohibit")), h.routes(), r::yaml);
        assertEquals(List.of(
                new RoutesConfig.Rule("192.0.2.0/24", null, "100", "100"),
                new RoutesConfig.Rule(null, "203.0.113.0/25", "100", null),
                new RoutesConfig.Rule("2001:db8:1::/64", "2001:db8:99::/48", "main", "200")), h.rules(), r::yaml);
    }
}
