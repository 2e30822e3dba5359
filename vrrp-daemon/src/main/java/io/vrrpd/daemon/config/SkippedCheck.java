package io.vrrpd.daemon.config;

import java.util.Objects;

/**
 * A check {@code --check --offline} did not make, because only the router can answer it.
 *
 * @param fact    what was not checked, e.g. {@code interfaces present}
 * @param path    where in the file, e.g. {@code instances.gw4.interface}
 * @param subject the value it concerns, e.g. {@code lan0}
 */
public record SkippedCheck(String fact, String path, String subject) {
    public static final String INTERFACES = "interfaces present";
    public static final String PROGRAMS = "exec programs exist and are executable";
    public static final String PLUGIN_HOST_CHECKS = "plugin hooks' checks on the router";
    public static final String PLUGIN_TYPES = "hook types of the plugin directory (give --plugins DIR to check them)";

    public SkippedCheck {
        Objects.requireNonNull(fact, "fact");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(subject, "subject");
    }

    @Override
    public String toString() {
        return path + " (" + subject + ")";
    }
}
