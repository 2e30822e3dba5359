package io.vrrpd.daemon.config;

import io.vrrpd.hooks.HookProvider;
import io.vrrpd.hooks.InstanceRef;

import java.util.List;

/**
 * A third-party hook type: the route-hooks {@link HookProvider} found by ServiceLoader, bound
 * with the loader's Jackson mapper (kebab-case, unknown fields refused) to the provider's config
 * record, and validated by the provider at load and at {@code vrrpd --check}.
 */
final class PluginHookType implements HookType<PluginHookSettings> {
    private final HookProvider<?> provider;

    PluginHookType(HookProvider<?> provider) {
        this.provider = provider;
    }

    @Override
    public String name() {
        return provider.type();
    }

    @Override
    public Class<PluginHookSettings> settingsType() {
        return PluginHookSettings.class;
    }

    @Override
    public Class<?> bindType() {
        return provider.configType();
    }

    @Override
    public PluginHookSettings wrap(Object bound) {
        return new PluginHookSettings(provider, (Record) bound);
    }

    @Override
    public void check(PluginHookSettings settings, HookContext context) {
        List<InstanceRef> refs = context.boundInstances().stream()
                .map(i -> new InstanceRef(i.name(), i.family(), i.vrid(), i.interfaceSelector().describe()))
                .toList();
        for (io.vrrpd.hooks.ConfigProblem p : provider.validateBound(settings.config(), refs)) {
            context.problem(p.path(), p.message(), "");
        }
    }
}
