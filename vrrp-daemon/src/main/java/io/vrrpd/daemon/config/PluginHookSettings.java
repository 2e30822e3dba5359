package io.vrrpd.daemon.config;

import io.vrrpd.hooks.HookProvider;

/** A third-party hook's settings: its provider and the config record bound for it. */
public record PluginHookSettings(HookProvider<?> provider, Record config) implements HookSettings {
}
