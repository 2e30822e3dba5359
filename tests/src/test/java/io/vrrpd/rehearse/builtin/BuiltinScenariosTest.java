package io.vrrpd.rehearse.builtin;

import io.vrrpd.daemon.migrate.KeepalivedImporter;
import io.vrrpd.rehearse.lab.LabDerivation;
import io.vrrpd.rehearse.scenario.ScenarioReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in scenarios: every one listed is complete and valid (reads and derives its lab),
 * and bytemark-vrrpd's blade configs are what {@code vrrpctl import-keepalived} makes of
 * bytemark-keepalived's, with the default-gateway templates filled in and nothing else changed.
 */
class BuiltinScenariosTest {

    @Test
    void everyBuiltinScenarioIsListedCompleteAndValid() throws Exception {
        assertEquals(List.of("demo", "bytemark-keepalived", "bytemark-vrrpd", "keepalived-v2-migration",
                        "kolab-rename", "qso4you-overwrite", "eqx-partition", "upgrade-vrrpd-hitless"),
                BuiltinScenarios.names());
        for (String name : BuiltinScenarios.names()) {
            Path file = BuiltinScenarios.extract(name).orElseThrow();
            assertEquals(name, ScenarioReader.read(file).name());
            LabDerivation.derive(ScenarioReader.read(file));
            assertTrue(!BuiltinScenarios.summary(name).isBlank(), name);
        }
        assertTrue(BuiltinScenarios.extract("no-such").isEmpty());
    }

    @Test
    void bytemarkVrrpdIsTheImportOfBytemarkKeepalivedWithTheHooksFilledIn() throws Exception {
        Path keepalived = BuiltinScenarios.extract("bytemark-keepalived").orElseThrow().getParent();
        Path vrrpd = BuiltinScenarios.extract("bytemark-vrrpd").orElseThrow().getParent();
        for (String blade : List.of("a", "b")) {
            String imported = KeepalivedImporter.importFile(keepalived.resolve("blade-" + blade + ".conf")).yaml();
            String generated = imported.substring(0, imported.indexOf("\n# Templates for notify scripts"));
            String committed = Files.readString(vrrpd.resolve("blade-" + blade + ".yaml"));
            String body = committed.substring(committed.indexOf("# Converted from"), committed.indexOf("\nhooks:\n"));
            assertEquals(generated.strip(), body.strip(), "blade-" + blade + ".yaml is no longer what the importer makes");
            String hooks = committed.substring(committed.indexOf("\nhooks:\n"));
            assertTrue(hooks.contains("instances: [gw4]\n    gateway: 198.51.100.1\n    interface: eth1"), hooks);
            assertTrue(hooks.contains("instances: [gw6]\n    gateway: 2001:db8:ff::1\n    interface: eth1"), hooks);
        }
    }

    @Test
    void keepalivedV2MigrationStartsFromWhatTheImporterMakesOfTheKeepalivedBlades() throws Exception {
        Path dir = BuiltinScenarios.extract("keepalived-v2-migration").orElseThrow().getParent();
        for (String blade : List.of("a", "b")) {
            String imported = KeepalivedImporter.importFile(dir.resolve("blade-" + blade + ".conf")).yaml();
            assertEquals(imported, Files.readString(dir.resolve("blade-" + blade + "-v2.yaml")),
                    "regenerate with: vrrpctl import-keepalived blade-" + blade + ".conf -o blade-" + blade + "-v2.yaml");
            assertTrue(imported.contains("version: 2") && imported.contains("password: \"rehearse\""), imported);
        }
    }
}
