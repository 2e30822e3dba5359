package io.vrrpd.hooks.builtin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.ConfigProblem;
import io.vrrpd.hooks.FailurePolicy;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.OnBackup;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.Probe;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.ProbeSource;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.ProbeType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static io.vrrpd.hooks.builtin.GatewayLab.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Binding as the daemon binds (kebab-case, unknown fields refused) and load-time validation; no root. */
class DefaultGatewayConfigTest {
    private static final InstanceRef GW4 = new InstanceRef("gw4", AddressFamily.IPV4, 51, "lan0");
    private static final InstanceRef GW6 = new InstanceRef("gw6", AddressFamily.IPV6, 51, "lan0");

    /** The daemon's mapper settings; its duration parser is stood in for by this minimal one. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule().addDeserializer(Duration.class, new JsonDeserializer<>() {
                @Override
                public Duration deserialize(JsonParser p, DeserializationContext c) throws IOException {
                    String t = p.getText();
                    return t.endsWith("ms") ? Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)))
                            : Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
                }
            }));

    private static DefaultGatewayConfig bind(String json) throws IOException {
        return MAPPER.readValue(json.replace('\'', '"'), DefaultGatewayConfig.class);
    }

    @Test
    void absentFieldsTakeTheDocumentedDefaults() throws Exception {
        DefaultGatewayConfig c = bind("{'instances': ['gw4'], 'gateway': '198.51.100.1', 'interface': 'up0'}");
        assertEquals(List.of("gw4"), c.instances());
        assertEquals(List.of(), c.syncGroups());
        assertEquals(addr("198.51.100.1"), c.gateway());
        assertEquals("up0", c.interfaceName());
        assertEquals(254L, c.table());
        assertEquals(0L, c.metric());
        assertEquals(true, c.verify().fib());
        assertEquals(true, c.verify().neighbor());
        assertEquals(null, c.verify().probe());
        assertEquals(Duration.ofSeconds(2), c.verify().timeout());
        assertEquals(Duration.ofSeconds(10), c.verify().interval());
        assertEquals(FailurePolicy.Action.DEMOTE, c.onFailure());
        assertEquals(50, c.demoteBy());
        assertEquals(OnBackup.WITHDRAW, c.onBackup());
        assertEquals(Duration.ofSeconds(10), c.holdDown());
        assertEquals(List.of(), new DefaultGatewayProvider().validate(c, List.of(GW4)));
    }

    @Test
    void everyFieldBindsFromKebabCase() throws Exception {
        DefaultGatewayConfig c = bind("{'instances': [], 'sync-groups': ['gw'], 'gateway': '2001:db8:ff::1', 'interface': 'up0',"
                + " 'table': 100, 'metric': 20, 'verify': {'fib': false, 'neighbor': true, 'timeout': '500ms', 'interval': '3s',"
                + " 'probe': {'type': 'tcp', 'target': '2001:db8:99::1', 'port': 443, 'source': 'vip'}},"
                + " 'on-failure': 'hold', 'demote-by': 100, 'on-backup': {'via': '2001:db8:ff::2'}, 'hold-down': '30s'}");
        assertEquals(List.of("gw"), c.syncGroups());
        assertEquals(100L, c.table());
        assertEquals(20L, c.metric());
        assertEquals(false, c.verify().fib());
        assertEquals(Duration.ofMillis(500), c.verify().timeout());
        assertEquals(Duration.ofSeconds(3), c.verify().interval());
        assertEquals(new Probe(ProbeType.TCP, addr("2001:db8:99::1"), 443, ProbeSource.VIP), c.verify().probe());
        assertEquals(FailurePolicy.Action.HOLD, c.onFailure());
        assertEquals(100, c.demoteBy());
        assertEquals(OnBackup.via(addr("2001:db8:ff::2")), c.onBackup());
        assertEquals(Duration.ofSeconds(30), c.holdDown());
        assertEquals(List.of(), new DefaultGatewayProvider().validate(c, List.of(GW6)));
        assertEquals(OnBackup.KEEP, bind("{'on-backup': 'keep'}").onBackup());
        assertEquals(OnBackup.WITHDRAW, bind("{'on-backup': 'withdraw'}").onBackup());
    }

    @Test
    void unknownFieldsAndBadNamesAreRefusedAtBinding() {
        UnrecognizedPropertyException e = assertThrows(UnrecognizedPropertyException.class,
                () -> bind("{'gateway': '198.51.100.1', 'interface': 'up0', 'verify': {'fib': true, 'arp': true}}"));
        assertEquals("arp", e.getPropertyName());
        assertThrows(UnrecognizedPropertyException.class, () -> bind("{'instance': ['gw4']}"));
        assertThrows(IOException.class, () -> bind("{'on-backup': 'delete'}"));
        assertThrows(IOException.class, () -> bind("{'on-failure': 'panic'}"));
        assertThrows(IOException.class, () -> bind("{'verify': {'probe': {'type': 'udp'}}}"));
    }

    @Test
    void validationNamesEveryProblemWithItsPath() throws Exception {
        DefaultGatewayConfig c = bind("{'instances': ['gw4', 'gw6'], 'gateway': '198.51.100.1', 'interface': 'an-interface-name-too-long',"
                + " 'table': 0, 'demote-by': 300, 'verify': {'timeout': '0s', 'probe': {'type': 'icmp', 'target': '2001:db8:99::1',"
                + " 'port': 7, 'source': 'vip'}}, 'on-backup': {'via': '198.51.100.1'}}");
        List<ConfigProblem> problems = new DefaultGatewayProvider().validate(c, List.of(GW4, GW6));
        assertEquals(List.of("gateway", "interface", "table", "demote-by", "verify.timeout", "verify.probe.target",
                "verify.probe.port", "verify.probe.source", "on-backup.via"), problems.stream().map(ConfigProblem::path).toList(),
                problems::toString);
        assertTrue(problems.get(0).message().contains("instance gw6 is ipv6"), problems.get(0)::message);

        List<ConfigProblem> bare = new DefaultGatewayProvider().validate(bind("{'verify': {'fib': false, 'neighbor': false}}"), List.of());
        assertEquals(List.of("instances", "gateway", "interface", "verify"), bare.stream().map(ConfigProblem::path).toList());
        List<ConfigProblem> tcp = new DefaultGatewayProvider().validate(bind("{'instances': ['gw4'], 'gateway': '198.51.100.1',"
                + " 'interface': 'up0', 'verify': {'probe': {'type': 'tcp', 'target': '203.0.113.1'}}}"), List.of(GW4));
        assertEquals(List.of(new ConfigProblem("verify.probe.port", "missing (expected: 1..65535 for a tcp probe)")), tcp);
    }
}
