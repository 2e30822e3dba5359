package io.vrrpd.daemon.config;

import io.vrrpd.hooks.HookProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which plugins a config makes the daemon load, and what a reload that wants another one is told. */
class PluginLoadingTest {
    @TempDir
    Path dir;

    @Test
    void theTypesAConfigUsesAreReadFromItsHooks() throws Exception {
        Path f = Files.writeString(dir.resolve("c.yaml"), """
                hooks:
                  - {type: acme-bgp, instances: [gw4]}
                  - {type: exec, instances: [gw4], command: [/bin/true]}
                  - {instances: [gw4]}
                """);
        assertEquals(Set.of("acme-bgp", "exec"), PluginLoading.hookTypes(f));
        assertEquals(Set.of(), PluginLoading.hookTypes(Files.writeString(dir.resolve("bad.yaml"), "hooks: [unclosed")));
        assertEquals(Set.of(), PluginLoading.hookTypes(dir.resolve("absent.yaml")));
    }

    @Test
    void aReloadThatNamesAPluginNotLoadedAtStartSaysToRestart() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue(HookProviders.MANIFEST_TYPES, "acme-bgp");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plugins.resolve("acme.jar")), m)) {
            out.putNextEntry(new java.util.jar.JarEntry("README"));
        }
        Path started = Files.writeString(dir.resolve("started.yaml"), Configs.base(""));
        try (PluginLoading loading = PluginLoading.from(plugins, started)) {
            List<ConfigProblem> problems = Configs.problems(loading.loader(), Configs.base("""
                    hooks:
                      - {type: acme-bgp, instances: [gw4]}
                    """));
            assertEquals(List.of("hooks[0].type"), Configs.paths(problems));
            assertTrue(problems.get(0).message().contains("is in plugin " + plugins.resolve("acme.jar")), problems.toString());
            assertEquals("restart vrrpd to load it", problems.get(0).hint());
        }
    }
}
