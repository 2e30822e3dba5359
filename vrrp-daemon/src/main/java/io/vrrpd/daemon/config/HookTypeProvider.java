package io.vrrpd.daemon.config;

import java.util.List;

/**
 * Contributes third-party hook types, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.vrrpd.daemon.config.HookTypeProvider}).
 */
public interface HookTypeProvider {

    List<HookType<?>> hookTypes();
}
