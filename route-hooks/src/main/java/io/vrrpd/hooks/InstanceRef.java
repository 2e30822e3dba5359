package io.vrrpd.hooks;

import io.vrrpd.core.AddressFamily;

/** Which VRRP instance a hook event is about: resolved when the config loads, never a loose string. */
public record InstanceRef(String name, AddressFamily family, int vrid, String interfaceName) {
}
