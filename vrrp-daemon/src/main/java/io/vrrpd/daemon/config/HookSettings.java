package io.vrrpd.daemon.config;

/**
 * The type-specific settings of one hook: every field of a {@code hooks[]} entry except
 * {@code type}, {@code instances} and {@code sync-groups}. Each {@link HookType} names the
 * record class (implementing this interface) its settings bind to.
 */
public interface HookSettings {}
