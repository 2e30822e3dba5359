package io.vrrpd.daemon.config;

import io.vrrpd.hooks.HookLoadException;
import io.vrrpd.hooks.HookProviders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * A config loader that knows the hook types on the class path and those of the plugin
 * directory that the configs use: a jar there is loaded only when it declares, in its manifest
 * ({@code Vrrpd-Hook-Types}), a type one of the configs names, and only when it and its
 * directory can be changed by nobody but root and vrrpd's user. Keep it open while hooks it
 * created run: it owns the plugins' class loaders.
 */
public final class PluginLoading implements AutoCloseable {
    /** Where vrrpd looks for hook plugins unless {@code --plugins DIR} says otherwise; absent means none. */
    public static final String DEFAULT_DIR = "/usr/lib/vrrpd/plugins";

    private static final YAMLMapper YAML = new YAMLMapper();

    private final HookProviders providers;
    private final ConfigLoader loader;

    private PluginLoading(HookProviders providers) {
        this.providers = providers;
        this.loader = new ConfigLoader(providers);
    }

    /**
     * The plugin directory to read: {@code given} when the command line named one, else
     * {@link #DEFAULT_DIR} — except offline, where the default is the router's and none is read.
     */
    public static Path dir(Path given, boolean offline) {
        return given != null || offline ? given : Path.of(DEFAULT_DIR);
    }

    /**
     * Loads the class path's providers and those of {@code pluginDir} (null: none) whose types
     * {@code configs} use.
     *
     * @throws HookLoadException naming the jar when a plugin is broken, untrusted, or two declare one type
     */
    public static PluginLoading from(Path pluginDir, Path... configs) throws HookLoadException {
        Set<String> used = new HashSet<>();
        for (Path config : configs) {
            used.addAll(hookTypes(config));
        }
        return new PluginLoading(HookProviders.load(PluginLoading.class.getClassLoader(), pluginDir, used::contains));
    }

    /**
     * The {@code type} of every entry of {@code hooks:} in {@code config}; what cannot be read
     * is left to the loader, which reports it with its line.
     */
    static Set<String> hookTypes(Path config) {
        Set<String> types = new HashSet<>();
        try {
            JsonNode root = YAML.readTree(config.toFile());
            if (root != null) {
                for (JsonNode hook : root.path("hooks")) {
                    if (hook.path("type").isTextual()) {
                        types.add(hook.path("type").asText());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable or not YAML: the loader says so
        }
        return types;
    }

    public ConfigLoader loader() {
        return loader;
    }

    public HookProviders providers() {
        return providers;
    }

    @Override
    public void close() {
        providers.close();
    }
}
