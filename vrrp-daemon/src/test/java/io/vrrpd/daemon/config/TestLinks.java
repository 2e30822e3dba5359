package io.vrrpd.daemon.config;

import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.MacAddress;
import io.vrrpd.hooks.kernel.OperState;

/** Interfaces present on a made-up host, as the config checks see them. */
public final class TestLinks {
    private TestLinks() {
    }

    /** An Ethernet interface that is up, with carrier. */
    public static Link link(String name, int index, String mac) {
        return new Link(index, name, MacAddress.parse(mac), true, true, true, OperState.UP, 1500);
    }
}
