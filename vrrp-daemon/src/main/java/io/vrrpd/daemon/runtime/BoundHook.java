package io.vrrpd.daemon.runtime;

import io.vrrpd.hooks.Hook;

/**
 * A hook as built for the running config, with its position in the {@code hooks:} list for logs
 * ({@link #HELD_ADDRESSES} for the one an instance's held addresses make).
 */
record BoundHook(int index, String type, Hook hook) {
    /** The index of the hook an instance's {@code held-addresses} make: it is in no {@code hooks:} list. */
    static final int HELD_ADDRESSES = -1;

    String label() {
        return index == HELD_ADDRESSES ? hook.describe() : "hooks[" + index + "] " + hook.describe();
    }
}
