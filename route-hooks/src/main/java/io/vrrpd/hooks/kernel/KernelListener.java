package io.vrrpd.hooks.kernel;

/**
 * Receives {@link KernelEvent}s on the monitor's thread, in kernel order. It must not block:
 * the daemon posts each event to its event loop and returns.
 */
@FunctionalInterface
public interface KernelListener {
    void onEvent(KernelEvent event);
}
