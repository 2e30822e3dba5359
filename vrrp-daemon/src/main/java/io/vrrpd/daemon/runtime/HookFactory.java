package io.vrrpd.daemon.runtime;

import io.vrrpd.hooks.kernel.InterfaceSelector;
import io.vrrpd.daemon.config.DefaultGatewayHook;
import io.vrrpd.daemon.config.ExecHook;
import io.vrrpd.daemon.config.HookConfig;
import io.vrrpd.daemon.config.InstanceConfig;
import io.vrrpd.daemon.config.PluginHookSettings;
import io.vrrpd.hooks.FailurePolicy;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookContext;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig;
import io.vrrpd.hooks.builtin.DefaultGatewayProvider;
import io.vrrpd.hooks.builtin.ExecHookConfig;
import io.vrrpd.hooks.builtin.ExecHookProvider;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.Link;

import java.util.List;

/**
 * Builds the route-hooks {@link Hook} for a validated {@code hooks:} entry: the built-ins from
 * the config's typed settings, third-party hooks through their provider.
 */
final class HookFactory {
    private static final DefaultGatewayProvider DEFAULT_GATEWAY = new DefaultGatewayProvider();
    private static final ExecHookProvider EXEC = new ExecHookProvider();

    private HookFactory() {
    }

    static InstanceRef ref(InstanceConfig c, String interfaceName) {
        return new InstanceRef(c.name(), c.family(), c.vrid(), interfaceName);
    }

    static Hook create(HookConfig hook, List<InstanceRef> bound, Kernel kernel) throws KernelException {
        HookContext context = HookContext.of(kernel, bound);
        if (hook.settings() instanceof DefaultGatewayHook gw) {
            return DEFAULT_GATEWAY.create(defaultGateway(hook, gw, kernel), context);
        }
        if (hook.settings() instanceof ExecHook exec) {
            return EXEC.create(new ExecHookConfig(hook.instances(), hook.syncGroups(), exec.command(), exec.timeout()), context);
        }
        if (hook.settings() instanceof PluginHookSettings plugin) {
            return plugin.provider().createBound(plugin.config(), context);
        }
        throw new IllegalArgumentException("no factory for hook type " + hook.type());
    }

    private static DefaultGatewayConfig defaultGateway(HookConfig hook, DefaultGatewayHook gw, Kernel kernel)
            throws KernelException {
        DefaultGatewayHook.Verify v = gw.verify();
        DefaultGatewayConfig.Probe probe = v.probe().map(p -> new DefaultGatewayConfig.Probe(
                DefaultGatewayConfig.ProbeType.valueOf(p.type().name()), p.target(), p.port(),
                DefaultGatewayConfig.ProbeSource.valueOf(p.source().name()))).orElse(null);
        DefaultGatewayConfig.OnBackup onBackup;
        if (gw.onBackup() instanceof DefaultGatewayHook.OnBackup.Via via) {
            onBackup = DefaultGatewayConfig.OnBackup.via(via.gateway());
        } else if (gw.onBackup() instanceof DefaultGatewayHook.OnBackup.Keep) {
            onBackup = DefaultGatewayConfig.OnBackup.KEEP;
        } else {
            onBackup = DefaultGatewayConfig.OnBackup.WITHDRAW;
        }
        return new DefaultGatewayConfig(hook.instances(), hook.syncGroups(), gw.gateway(),
                interfaceName(gw.interfaceSelector(), kernel), gw.table(), gw.metric(),
                new DefaultGatewayConfig.Verify(v.fib(), v.neighbor(), probe, v.timeout(), v.interval()),
                gw.onFailure() == DefaultGatewayHook.OnFailure.HOLD ? FailurePolicy.Action.HOLD : FailurePolicy.Action.DEMOTE,
                gw.demoteBy(), onBackup, gw.holdDown());
    }

    /** The uplink's current name; one bound by MAC is looked up now, so it survives renames between loads. */
    private static String interfaceName(InterfaceSelector selector, Kernel kernel) throws KernelException {
        return selector.in(kernel).map(Link::name).orElse(selector.describe());
    }
}
