package io.vrrpd.daemon.config;

import io.vrrpd.hooks.HookLoadException;
import io.vrrpd.hooks.HookProviders;

import java.nio.file.Path;

/**
 * A config loader that knows the hook types on the class path and in the plugin directory
 * (every {@code *.jar} there with a {@code META-INF/services/io.vrrpd.hooks.HookProvider} entry).
 * Keep it open while hooks it created run: it owns the plugins' class loaders.
 */
public final class PluginLoading implements AutoCloseable {
    /** Where vrrpd looks for hook plugins unless {@code --plugins DIR} says otherwise; absent means none. */
    public static final String DEFAULT_DIR = "/usr/lib/vrrpd/plugins";

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
     * Loads the providers of {@code pluginDir} (null: class path only).
     *
     * @throws HookLoadException naming the jar when a plugin is broken or two declare one type
     */
    public static PluginLoading from(Path pluginDir) throws HookLoadException {
        return new PluginLoading(HookProviders.load(PluginLoading.class.getClassLoader(), pluginDir));
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
