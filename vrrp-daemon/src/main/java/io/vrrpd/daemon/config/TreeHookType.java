package io.vrrpd.daemon.config;

/**
 * A built-in hook type that reads its settings from the tree itself, so that every problem in
 * them is reported at once (Jackson binding stops at the first).
 */
interface TreeHookType<S extends HookSettings> extends HookType<S> {

    /** The settings, or null when {@code body} had problems (all of them reported). */
    S parse(Node body);
}
