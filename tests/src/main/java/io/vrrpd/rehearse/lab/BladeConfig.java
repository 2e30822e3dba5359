package io.vrrpd.rehearse.lab;

import io.vrrpd.lab.Family;
import io.vrrpd.rehearse.scenario.Daemon;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What one blade config says that the lab needs: its VRRP instances (interface, VRID, virtual
 * addresses), and the default gateways it installs (default-gateway hooks, keepalived's
 * {@code virtual_routes}) over which uplink. Read by {@link VrrpdConfigFacts} or
 * {@link KeepalivedConfigFacts}.
 *
 * @param file      the config file
 * @param daemon    the daemon it is for
 * @param instances in file order
 * @param gateways  default gateways it installs, bare, at most one per family
 * @param uplink    the interface those go over, or null when it installs none
 */
public record BladeConfig(Path file, Daemon daemon, List<Instance> instances, List<String> gateways, String uplink) {

    /**
     * One VRRP instance.
     *
     * @param name   its name in the config ({@code gw4}, {@code GW4})
     * @param family its family
     * @param ifname the interface it runs on, by name
     * @param mac    the MAC it binds to instead of a name, or null
     * @param vrid   its VRID
     * @param vips   its virtual addresses, with prefix lengths
     */
    public record Instance(String name, Family family, String ifname, String mac, int vrid, List<String> vips) {
        public Instance {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(family, "family");
            vips = List.copyOf(vips);
        }
    }

    public BladeConfig {
        instances = List.copyOf(instances);
        gateways = List.copyOf(gateways);
    }
}
