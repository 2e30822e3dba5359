package io.vrrpd.rehearse.scenario;

import java.util.Locale;

/** What a blade runs: vrrpd with a YAML config, or keepalived with a keepalived.conf. */
public enum Daemon {
    VRRPD,
    KEEPALIVED;

    /** {@code vrrpd} or {@code keepalived}, as scenarios spell it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
