package io.vrrpd.hooks;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The hook providers available to the daemon, by type: those on the classpath (the built-ins
 * and anything packaged with the daemon) and those in the jars of a plugin directory, each jar
 * in its own {@link URLClassLoader} whose parent is the daemon's. Two providers of one type are
 * refused, naming where each came from.
 */
public final class HookProviders {
    /** A provider and where it was loaded from (a jar path, a directory, or "classpath"). */
    public record Loaded(HookProvider<?> provider, String source) {
    }

    private final Map<String, Loaded> byType;
    private final List<URLClassLoader> pluginLoaders;

    private HookProviders(Map<String, Loaded> byType, List<URLClassLoader> pluginLoaders) {
        this.byType = Collections.unmodifiableMap(byType);
        this.pluginLoaders = List.copyOf(pluginLoaders);
    }

    /** Exactly {@code providers} (e.g. the built-ins alone), with the same checks as {@link #load}. */
    public static HookProviders of(List<? extends HookProvider<?>> providers) throws HookLoadException {
        Map<String, Loaded> byType = new LinkedHashMap<>();
        for (HookProvider<?> p : providers) {
            add(byType, p, sourceOf(p.getClass()));
        }
        return new HookProviders(byType, List.of());
    }

    /** Providers visible to {@code parent} only. */
    public static HookProviders load(ClassLoader parent) throws HookLoadException {
        return load(parent, null);
    }

    /**
     * Providers visible to {@code parent}, then those in every {@code *.jar} of
     * {@code pluginDir} (null or absent: none), in file-name order.
     */
    @SuppressWarnings("rawtypes")
    public static HookProviders load(ClassLoader parent, Path pluginDir) throws HookLoadException {
        Map<String, Loaded> byType = new LinkedHashMap<>();
        List<URLClassLoader> loaders = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<HookProvider> p : providers(ServiceLoader.load(HookProvider.class, parent), null)) {
                add(byType, instantiate(p, sourceOf(p.type())), sourceOf(p.type()));
            }
            if (pluginDir != null && Files.isDirectory(pluginDir)) {
                for (Path jar : jars(pluginDir)) {
                    URLClassLoader loader = new URLClassLoader("hook-plugin " + jar.getFileName(), new URL[] {url(jar)}, parent);
                    loaders.add(loader);
                    List<ServiceLoader.Provider<HookProvider>> found =
                            providers(ServiceLoader.load(HookProvider.class, loader), loader);
                    if (found.isEmpty()) {
                        throw new HookLoadException("plugin " + jar + " declares no hook provider (expected: a "
                                + "META-INF/services/" + HookProvider.class.getName() + " entry naming a class in the jar)");
                    }
                    for (ServiceLoader.Provider<HookProvider> p : found) {
                        add(byType, instantiate(p, jar.toString()), jar.toString());
                    }
                }
            } else if (pluginDir != null && Files.exists(pluginDir)) {
                throw new HookLoadException("plugin directory " + pluginDir + " is not a directory");
            }
        } catch (HookLoadException | RuntimeException e) {
            closeAll(loaders);
            throw e;
        }
        return new HookProviders(byType, loaders);
    }

    @SuppressWarnings("rawtypes")
    private static List<ServiceLoader.Provider<HookProvider>> providers(ServiceLoader<HookProvider> sl, ClassLoader only)
            throws HookLoadException {
        List<ServiceLoader.Provider<HookProvider>> out = new ArrayList<>();
        try {
            sl.stream().forEach(p -> {
                // a plugin loader also sees the parent's providers: count each only where it lives
                if (only == null || p.type().getClassLoader() == only) {
                    out.add(p);
                }
            });
        } catch (ServiceConfigurationError e) {
            throw new HookLoadException("hook provider could not be loaded: " + e.getMessage(), e);
        }
        return out;
    }

    @SuppressWarnings("rawtypes")
    private static HookProvider<?> instantiate(ServiceLoader.Provider<HookProvider> p, String source) throws HookLoadException {
        try {
            return p.get();
        } catch (ServiceConfigurationError | RuntimeException e) {
            throw new HookLoadException("hook provider " + p.type().getName() + " from " + source
                    + " could not be instantiated: " + e.getMessage(), e);
        }
    }

    private static void add(Map<String, Loaded> byType, HookProvider<?> provider, String source) throws HookLoadException {
        String type = provider.type();
        if (type == null || !type.matches("[a-z][a-z0-9-]*")) {
            throw new HookLoadException("hook provider " + provider.getClass().getName() + " from " + source
                    + " has type '" + type + "' (expected: lower-case letters, digits and '-', e.g. default-gateway)");
        }
        Loaded previous = byType.get(type);
        if (previous != null) {
            throw new HookLoadException("hook type '" + type + "' is provided twice: by "
                    + previous.provider().getClass().getName() + " from " + previous.source() + " and by "
                    + provider.getClass().getName() + " from " + source + " (expected: one provider per type; remove one)");
        }
        byType.put(type, new Loaded(provider, source));
    }

    private static String sourceOf(Class<?> type) {
        CodeSource cs = type.getProtectionDomain() == null ? null : type.getProtectionDomain().getCodeSource();
        return cs == null || cs.getLocation() == null ? "classpath" : "classpath " + cs.getLocation().getPath();
    }

    private static List<Path> jars(Path dir) throws HookLoadException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new HookLoadException("cannot list plugin directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static URL url(Path jar) throws HookLoadException {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new HookLoadException("plugin path " + jar + ": " + e.getMessage(), e);
        }
    }

    private static void closeAll(List<URLClassLoader> loaders) {
        for (URLClassLoader l : loaders) {
            try {
                l.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** The provider of {@code type}, if any. */
    public Optional<HookProvider<?>> provider(String type) {
        return Optional.ofNullable(byType.get(type)).map(Loaded::provider);
    }

    /** Where the provider of {@code type} came from. */
    public Optional<String> source(String type) {
        return Optional.ofNullable(byType.get(type)).map(Loaded::source);
    }

    /** Every provider loaded, classpath first, then plugins in file-name order. */
    public List<HookProvider<?>> providers() {
        return byType.values().stream().<HookProvider<?>>map(Loaded::provider).toList();
    }

    /** Every known type, in load order (classpath first). */
    public Collection<String> types() {
        return byType.keySet();
    }

    /** Closes the plugin class loaders (after every hook they made is gone). */
    public void close() {
        closeAll(pluginLoaders);
    }
}
