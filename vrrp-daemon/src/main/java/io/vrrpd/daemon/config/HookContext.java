package io.vrrpd.daemon.config;

import io.vrrpd.hooks.kernel.InterfaceSelector;
import java.util.List;

/** What a {@link HookType#check} may look at, and where it reports problems. */
public interface HookContext {

    /** Every instance the hook is bound to, directly or through its sync groups. */
    List<InstanceConfig> boundInstances();

    /**
     * Reports a problem with one field of the hook.
     *
     * @param field path relative to the hook entry, e.g. {@code gateway} or {@code verify.probe.target}
     */
    void problem(String field, String message, String hint);

    /** Reports a problem unless {@code selector} matches exactly one interface present. */
    void requireInterface(String field, InterfaceSelector selector);
}
