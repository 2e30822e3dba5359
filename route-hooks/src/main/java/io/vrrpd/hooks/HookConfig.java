package io.vrrpd.hooks;

import java.util.List;

/**
 * What every hook config record has: which instances it is bound to, by name and through sync
 * groups. The daemon resolves the names at load (an unknown name is a load-time error) and
 * hands the hook the resulting {@link InstanceRef}s in its {@link HookContext}.
 * Records implement this simply by having {@code instances} and {@code syncGroups} components.
 */
public interface HookConfig {
    /** Instance names, never null (empty when bound through sync groups only). */
    List<String> instances();

    /** Sync-group names, never null; each stands for all of its members. */
    List<String> syncGroups();
}
