package io.vrrpd.daemon.runtime;

import io.vrrpd.hooks.Hook;

/** A hook as built for the running config, with its position in the {@code hooks:} list for logs. */
record BoundHook(int index, String type, Hook hook) {
    String label() {
        return "hooks[" + index + "] " + hook.describe();
    }
}
