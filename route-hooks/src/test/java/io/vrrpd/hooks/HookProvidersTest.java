package io.vrrpd.hooks;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.builtin.DefaultGatewayProvider;
import io.vrrpd.hooks.builtin.ExecHookProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** ServiceLoader discovery on the classpath and in plugin jars (compiled and packed by the test). */
class HookProvidersTest {
    private static final InstanceRef GW4 = new InstanceRef("gw4", AddressFamily.IPV4, 51, "lan0");

    @TempDir
    Path tmp;

    @Test
    void findsTheBuiltInsAndAProviderOnTheClasspath() throws Exception {
        HookProviders p = HookProviders.load(getClass().getClassLoader());
        assertTrue(p.types().containsAll(List.of("default-gateway", "exec", "test-echo")), p.types()::toString);
        assertTrue(p.provider("default-gateway").orElseThrow() instanceof DefaultGatewayProvider);
        assertTrue(p.provider("exec").orElseThrow() instanceof ExecHookProvider);
        assertTrue(p.provider("nope").isEmpty());

        // the daemon's path: a record bound as configType(), validated, then created
        HookProvider<?> echo = p.provider("test-echo").orElseThrow();
        Record bad = new TestEchoProvider.Config(List.of("gw4"), List.of(), null);
        assertEquals(List.of(new HookConfigProblem("say", "missing", "any text")), echo.validateBound(bad, List.of(GW4)));
        Hook hook = echo.createBound(new TestEchoProvider.Config(List.of("gw4"), List.of(), "hi"),
                HookContext.of(new NoKernel(), List.of(GW4)));
        assertEquals("hi master", hook.onTransition(new TransitionEvent(GW4, ReportedState.ACTIVATING, ReportedState.MASTER,
                List.of(), "t", Instant.EPOCH), Deadline.after(hook.timeout())).detail());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> echo.validateBound(new HookConfigProblem("a", "b"), List.of(GW4)));
        assertTrue(wrong.getMessage().contains("hook type test-echo takes " + TestEchoProvider.Config.class.getName()), wrong::getMessage);
    }

    @Test
    void loadsAProviderFromAJarInThePluginDirectory() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Path jar = pluginJar(plugins.resolve("acme-bgp.jar"), "acme", "acme-bgp");
        HookProviders p = HookProviders.load(getClass().getClassLoader(), plugins);
        try {
            HookProvider<?> acme = p.provider("acme-bgp").orElseThrow(() -> new AssertionError(p.types()));
            assertEquals("acme.PluginProvider", acme.getClass().getName());
            assertEquals(jar.toString(), p.source("acme-bgp").orElseThrow());
            assertNotNull(p.provider("exec").orElse(null), "classpath providers are still there, once");
            assertEquals(List.of(), acme.validateBound(newConfig(acme), List.of(GW4)));
        } finally {
            p.close();
        }
    }

    @Test
    void refusesTwoProvidersOfOneTypeNamingBoth() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Path a = pluginJar(plugins.resolve("a.jar"), "one", "shared");
        Path b = pluginJar(plugins.resolve("b.jar"), "two", "shared");
        HookLoadException e = assertThrows(HookLoadException.class, () -> HookProviders.load(getClass().getClassLoader(), plugins));
        assertTrue(e.getMessage().startsWith("hook type 'shared' is provided twice: by one.PluginProvider from " + a
                + " and by two.PluginProvider from " + b), e::getMessage);

        Files.delete(b);
        pluginJar(plugins.resolve("c.jar"), "three", "exec");
        HookLoadException builtin = assertThrows(HookLoadException.class, () -> HookProviders.load(getClass().getClassLoader(), plugins));
        assertTrue(builtin.getMessage().contains("by " + ExecHookProvider.class.getName() + " from classpath "), builtin::getMessage);
        assertTrue(builtin.getMessage().contains("and by three.PluginProvider from " + plugins.resolve("c.jar")), builtin::getMessage);
    }

    @Test
    void refusesAJarWithoutAProvider() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plugins.resolve("empty.jar")), manifest("nothing-here"))) {
            out.putNextEntry(new JarEntry("README"));
            out.write("nothing".getBytes(StandardCharsets.UTF_8));
        }
        HookLoadException e = assertThrows(HookLoadException.class, () -> HookProviders.load(getClass().getClassLoader(), plugins));
        assertTrue(e.getMessage().startsWith("plugin " + plugins.resolve("empty.jar") + " declares no hook provider"), e::getMessage);
    }

    @Test
    void aJarIsOpenedForCodeOnlyWhenTheConfigUsesATypeItDeclares() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Path ran = tmp.resolve("acme-ran");
        Path jar = pluginJar(plugins.resolve("acme-bgp.jar"), "acme", "acme-bgp", "acme-bgp", ran);
        HookProviders unused = HookProviders.load(getClass().getClassLoader(), plugins, Set.of("exec", "default-gateway")::contains);
        try {
            assertTrue(unused.provider("acme-bgp").isEmpty());
            assertEquals(Optional.of(jar), unused.notLoaded("acme-bgp"), "the declaration is known, the code was not run");
            assertFalse(Files.exists(ran), "the plugin's code ran although no hook uses it");
        } finally {
            unused.close();
        }
        HookProviders used = HookProviders.load(getClass().getClassLoader(), plugins, Set.of("acme-bgp")::contains);
        try {
            assertTrue(used.provider("acme-bgp").isPresent());
            assertTrue(Files.exists(ran));
        } finally {
            used.close();
        }
    }

    @Test
    void aJarThatDeclaresNoTypeIsNeverLoaded() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Path ran = tmp.resolve("silent-ran");
        pluginJar(plugins.resolve("silent.jar"), "silent", "silent", null, ran);
        HookProviders p = HookProviders.load(getClass().getClassLoader(), plugins);
        try {
            assertTrue(p.provider("silent").isEmpty());
            assertFalse(Files.exists(ran));
        } finally {
            p.close();
        }
    }

    @Test
    void aJarThatProvidesATypeItDoesNotDeclareIsRefused() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        pluginJar(plugins.resolve("sly.jar"), "sly", "default-gateway-2", "harmless", null);
        HookLoadException e = assertThrows(HookLoadException.class, () -> HookProviders.load(getClass().getClassLoader(), plugins));
        assertTrue(e.getMessage().contains("provides hook type 'default-gateway-2' but its manifest declares [harmless]"), e::getMessage);
    }

    @Test
    void aJarOrADirectoryAnotherUserCouldChangeIsNotLoaded() throws Exception {
        io.vrrpd.hooks.testlab.Lab.assumeAvailable(); // root, to hand a file to nobody
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Path ran = tmp.resolve("acme-ran");
        Path jar = pluginJar(plugins.resolve("acme-bgp.jar"), "acme", "acme-bgp", "acme-bgp", ran);
        Files.setPosixFilePermissions(jar, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        HookLoadException writable = assertThrows(HookLoadException.class, () -> HookProviders.load(getClass().getClassLoader(), plugins));
        assertTrue(writable.getMessage().contains("plugin " + jar + " is not loaded: " + jar + " is writable by others"),
                writable::getMessage);

        Files.setPosixFilePermissions(jar, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        io.vrrpd.hooks.testlab.Lab.run("chown", "nobody", jar.toString());
        HookLoadException theirs = assertThrows(HookLoadException.class, () -> HookProviders.load(getClass().getClassLoader(), plugins));
        assertTrue(theirs.getMessage().contains("owned by nobody"), theirs::getMessage);

        io.vrrpd.hooks.testlab.Lab.run("chown", "root", jar.toString());
        Files.setPosixFilePermissions(plugins, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxr-x"));
        HookLoadException dir = assertThrows(HookLoadException.class, () -> HookProviders.load(getClass().getClassLoader(), plugins));
        assertTrue(dir.getMessage().contains("plugin directory " + plugins + " is not loaded: " + plugins + " is writable by its group"),
                dir::getMessage);
        assertFalse(Files.exists(ran), "code of an untrusted plugin ran");
    }

    /** A jar manifest declaring {@code types} (null: declaring none). */
    static java.util.jar.Manifest manifest(String types) {
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        if (types != null) {
            manifest.getMainAttributes().putValue(HookProviders.MANIFEST_TYPES, types);
        }
        return manifest;
    }

    private static Record newConfig(HookProvider<?> p) throws Exception {
        return p.configType().getConstructor(List.class, List.class).newInstance(List.of("gw4"), List.of());
    }

    /** Compiles a provider of {@code type} in package {@code pkg} and packs it with its service entry. */
    private Path pluginJar(Path jar, String pkg, String type) throws Exception {
        return pluginJar(jar, pkg, type, type, null);
    }

    /**
     * As above, declaring {@code declared} in the manifest (null: no declaration), and, when
     * {@code marker} is given, creating that file as soon as the provider class is initialised.
     */
    private Path pluginJar(Path jar, String pkg, String type, String declared, Path marker) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assumeTrue(javac != null, "no system Java compiler (running on a JRE?)");
        Path src = Files.createDirectories(tmp.resolve("src-" + pkg).resolve(pkg));
        Path classes = Files.createDirectories(tmp.resolve("classes-" + pkg));
        Files.writeString(src.resolve("PluginProvider.java"), """
                package %s;
                import io.vrrpd.hooks.*;
                import java.util.List;
                public final class PluginProvider implements HookProvider<PluginProvider.Config> {
                    static { %s }
                    public record Config(List<String> instances, List<String> syncGroups) implements HookConfig {}
                    public String type() { return "%s"; }
                    public Class<Config> configType() { return Config.class; }
                    public List<HookConfigProblem> validate(Config c, List<InstanceRef> i) { return List.of(); }
                    public Hook create(Config c, HookContext ctx) { throw new UnsupportedOperationException(); }
                }
                """.formatted(pkg, marker == null ? "" : "try { java.nio.file.Files.createFile(java.nio.file.Path.of(\""
                        + marker + "\")); } catch (java.io.IOException e) { throw new RuntimeException(e); }", type));
        String cp = String.join(java.io.File.pathSeparator, location(HookProvider.class), location(AddressFamily.class),
                location(JsonProperty.class));
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-classpath", cp, "--release", "17",
                src.resolve("PluginProvider.java").toString());
        assertEquals(0, rc, "plugin source did not compile");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest(declared));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + HookProvider.class.getName()));
            out.write((pkg + ".PluginProvider\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** A kernel no test here touches. */
    private static final class NoKernel implements io.vrrpd.hooks.kernel.Kernel {
        private static UnsupportedOperationException no() {
            return new UnsupportedOperationException("no kernel in this test");
        }

        @Override public List<io.vrrpd.hooks.kernel.Link> links() { throw no(); }
        @Override public java.util.Optional<io.vrrpd.hooks.kernel.Link> link(int index) { throw no(); }
        @Override public java.util.Optional<io.vrrpd.hooks.kernel.Link> link(String name) { throw no(); }
        @Override public java.util.Optional<io.vrrpd.hooks.kernel.Link> link(io.vrrpd.hooks.kernel.MacAddress mac) { throw no(); }
        @Override public boolean addAddress(int i, java.net.InetAddress a, int p, boolean n, int proto) { throw no(); }
        @Override public void deleteAddress(int i, java.net.InetAddress a, int p) { throw no(); }
        @Override public List<io.vrrpd.hooks.kernel.Address> addresses() { throw no(); }
        @Override public List<io.vrrpd.hooks.kernel.Address> addresses(int i) { throw no(); }
        @Override public void replaceRoute(io.vrrpd.hooks.kernel.RouteSpec r) { throw no(); }
        @Override public void deleteRoute(io.vrrpd.hooks.kernel.RouteSpec r) { throw no(); }
        @Override public List<io.vrrpd.hooks.kernel.RouteSpec> routes() { throw no(); }
        @Override public boolean addRule(io.vrrpd.hooks.kernel.RuleSpec r) { throw no(); }
        @Override public void deleteRule(io.vrrpd.hooks.kernel.RuleSpec r) { throw no(); }
        @Override public List<io.vrrpd.hooks.kernel.RuleSpec> rules() { throw no(); }
        @Override public io.vrrpd.hooks.kernel.RouteLookup lookup(java.net.InetAddress d, java.net.InetAddress s, int o) { throw no(); }
        @Override public List<io.vrrpd.hooks.kernel.Neighbor> neighbors(int i) { throw no(); }
        @Override public java.util.Optional<io.vrrpd.hooks.kernel.Neighbor> neighbor(int i, java.net.InetAddress a) { throw no(); }
        @Override public io.vrrpd.hooks.kernel.NeighborState resolveNeighbor(int i, java.net.InetAddress a, java.time.Duration t) { throw no(); }
        @Override public Watch watch(io.vrrpd.hooks.kernel.KernelListener l) { throw no(); }
    }
}
