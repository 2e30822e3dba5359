package io.vrrpd.hooks.builtin;

import io.vrrpd.hooks.Durations;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.Probe;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The defaults the docs promise are the ones the records apply. Every markdown table with a
 * {@code field} and a {@code default} column under a heading naming a built-in hook, in
 * docs/configuration.md and docs/hooks.md, is read; each documented default must be what a
 * record built from nothing holds, and every field of the record must be documented somewhere.
 */
class BuiltInDefaultsDocumentedTest {
    private static final Pattern CODE = Pattern.compile("^`([^`]*)`");

    /** What a config that sets nothing gets, field by documented name, as the YAML would write it. */
    private static Map<String, String> defaultGatewayDefaults() {
        DefaultGatewayConfig c = new DefaultGatewayConfig(null, null, null, null, null, null, null, null, null, null, null);
        Probe p = new Probe(null, null, null, null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gateway", c.gateway());
        m.put("interface", c.uplink());
        m.put("table", c.table());
        m.put("metric", c.metric());
        m.put("verify.fib", c.verify().fib());
        m.put("verify.neighbor", c.verify().neighbor());
        m.put("verify.probe", c.verify().probe());
        m.put("verify.timeout", c.verify().timeout());
        m.put("verify.interval", c.verify().interval());
        m.put("verify.probe.type", p.type());
        m.put("verify.probe.target", p.target());
        m.put("verify.probe.port", p.port());
        m.put("verify.probe.source", p.source());
        m.put("on-failure", c.onFailure());
        m.put("demote-by", c.demoteBy());
        m.put("on-backup", c.onBackup());
        m.put("hold-down", c.holdDown());
        return written(m);
    }

    private static Map<String, String> execDefaults() {
        ExecHookConfig c = new ExecHookConfig(null, null, null, null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", c.command().isEmpty() ? null : c.command());
        m.put("timeout", c.timeout());
        m.put("user", c.user());
        m.put("capabilities", c.capabilities().isEmpty() ? null : c.capabilities());
        return written(m);
    }

    /**
     * The routes hook keeps values as written and applies its defaults when it reads them
     * ({@link WantedRoutes}): the defaults are those of a minimal route and rule read.
     */
    private static Map<String, String> routesDefaults() {
        RoutesConfig empty = new RoutesConfig(null, null, null, null);
        WantedRoutes w = WantedRoutes.of(new RoutesConfig(List.of("gw4"), null,
                List.of(new RoutesConfig.Route("203.0.113.0/25", null, "eth1", null, null, null)),
                List.of(new RoutesConfig.Rule("192.0.2.0/24", null, "100", null))));
        WantedRoute route = w.routes().get(0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("routes", empty.routes());
        m.put("rules", empty.rules());
        m.put("routes[].to", null);
        m.put("routes[].via", route.gateway());
        m.put("routes[].dev", null);
        m.put("routes[].table", route.table() == io.vrrpd.hooks.kernel.RouteSpec.TABLE_MAIN ? "main" : route.table());
        m.put("routes[].metric", route.metric());
        m.put("routes[].type", route.type());
        m.put("rules[].from", null);
        m.put("rules[].to", w.rules().get(0).to());
        m.put("rules[].table", null);
        m.put("rules[].priority", w.rules().get(0).priority() == 0 ? null : w.rules().get(0).priority());
        return written(m);
    }

    /** A default as the docs write it: the YAML value, or "none" when there is no default. */
    private static Map<String, String> written(Map<String, Object> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v == null ? "none"
                : v instanceof Duration d ? Durations.format(d)
                : v instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT)
                : v.toString()));
        return out;
    }

    private static Path docs() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/configuration.md"))) {
                return p.resolve("docs");
            }
        }
        throw new IllegalStateException("no docs/configuration.md above " + Path.of("").toAbsolutePath());
    }

    /** A documented default: in a file, under a heading, for a field. */
    private record Documented(String file, int line, String field, String value) {
    }

    /** The field/default rows of the tables under headings that mention {@code type}. */
    private static List<Documented> documented(String file, String type) throws IOException {
        List<String> lines = Files.readAllLines(docs().resolve(file));
        List<Documented> out = new ArrayList<>();
        boolean inSection = false;
        int fieldCol = -1;
        int defaultCol = -1;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.startsWith("#")) {
                inSection = line.contains("`" + type + "`") || line.contains("type: " + type);
                fieldCol = -1;
                continue;
            }
            if (!inSection || !line.startsWith("|")) {
                if (!line.startsWith("|")) {
                    fieldCol = -1;
                }
                continue;
            }
            List<String> cells = cells(line);
            if (fieldCol < 0) {
                fieldCol = cells.indexOf("field");
                defaultCol = cells.indexOf("default");
                if (defaultCol < 0) {
                    fieldCol = -1;
                }
                continue;
            }
            if (cells.get(0).startsWith("---") || cells.size() <= defaultCol) {
                continue;
            }
            Matcher name = CODE.matcher(cells.get(fieldCol));
            if (name.find()) {
                out.add(new Documented(file, n + 1, name.group(1), value(cells.get(defaultCol))));
            }
        }
        return out;
    }

    private static List<String> cells(String row) {
        List<String> out = new ArrayList<>();
        for (String c : row.substring(1, row.length() - (row.endsWith("|") ? 1 : 0)).split("(?<!\\\\)\\|")) {
            out.add(c.strip());
        }
        return out;
    }

    /** {@code `254` (main)} is 254; {@code required, non-empty} and {@code none} are no default. */
    private static String value(String cell) {
        Matcher code = CODE.matcher(cell);
        if (code.find()) {
            return code.group(1);
        }
        String word = cell.split("[\\s,(]", 2)[0];
        return word.equals("required") ? "none" : word;
    }

    private static void check(String type, Map<String, String> defaults) throws IOException {
        List<Documented> rows = new ArrayList<>();
        for (String file : List.of("configuration.md", "hooks.md")) {
            rows.addAll(documented(file, type));
        }
        assertFalse(rows.isEmpty(), "no table of " + type + " fields in the docs");
        for (Documented d : rows) {
            if (d.field().equals("instances") || d.field().equals("sync-groups")) {
                continue;
            }
            assertTrue(defaults.containsKey(d.field()), d + ": the record has no such field");
            assertEquals(defaults.get(d.field()), d.value(), d.file() + ":" + d.line() + ": default of " + d.field());
        }
        for (String field : defaults.keySet()) {
            assertTrue(rows.stream().anyMatch(d -> d.field().equals(field)), field + " of " + type + " is not documented");
        }
    }

    @Test
    void defaultGatewayDefaultsAreTheDocumentedOnes() throws IOException {
        check(DefaultGatewayProvider.TYPE, defaultGatewayDefaults());
    }

    @Test
    void routesDefaultsAreTheDocumentedOnes() throws IOException {
        check(RoutesProvider.TYPE, routesDefaults());
    }

    @Test
    void execDefaultsAreTheDocumentedOnes() throws IOException {
        check(ExecHookProvider.TYPE, execDefaults());
    }
}
