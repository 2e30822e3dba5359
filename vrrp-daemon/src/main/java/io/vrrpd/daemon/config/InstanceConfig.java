package io.vrrpd.daemon.config;

import io.vrrpd.hooks.kernel.InterfaceSelector;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.fsm.Timing;
import io.vrrpd.core.packet.Authentication;
import io.vrrpd.hooks.Durations;
import io.vrrpd.hooks.builtin.HeldAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One VRRP virtual router of one family on one interface (the {@code instances.NAME} section).
 *
 * @param name                  the key under {@code instances}
 * @param family                IPv4 or IPv6
 * @param interfaceSelector     the interface it runs on
 * @param vrid                  virtual router id, 1-255
 * @param priority              1-255; 255 means this router owns the addresses
 * @param advertIntervalCentis  advert interval in centiseconds: 1-4095 (the VRRPv3 wire unit); for VRRPv2 whole
 *                              seconds, 100-25500
 * @param preempt               a higher-priority backup takes over from a lower-priority master
 * @param preemptDelay          how long to wait before preempting
 * @param acceptMode            accept packets addressed to the virtual addresses while master
 * @param virtualAddresses      at least one; for IPv6 the first is link-local
 * @param ipv4Checksum          checksum form of IPv4 adverts (RFC5798 for IPv6 instances, unused)
 * @param garp                  gratuitous ARP / unsolicited NA settings
 * @param trackers              what the instance tracks ({@code track}, and {@code track-interfaces} as interface
 *                              trackers without a weight): FAULT or a priority change while one fails
 * @param unicast               unicast peers and source; {@link UnicastConfig#MULTICAST} for the group
 * @param version               VRRPv3 (RFC 9568, the default) or VRRPv2 (RFC 3768, IPv4 only)
 * @param acceptV2              a VRRPv3 IPv4 instance in mixed mode (RFC 9568 section 8.4): it hears VRRPv2 too and
 *                              sends both versions
 * @param maxAdoptedIntervalCentis the longest master interval a VRRPv3 backup adopts, in centiseconds; 0 for no
 *                              bound (RFC 9568 as written)
 * @param authentication        what the VRRPv2 adverts it sends and hears carry: {@link Authentication#NONE}, or a
 *                              simple password (never shown by {@code toString})
 * @param routerAdvertisements  IPv6 Router Advertisements its master sends; empty for none
 * @param heldAddresses         addresses held while master on any interface, of either family, never advertised
 * @param virtualMac            the VIPs live on a macvlan with the virtual router MAC ({@link #virtualMacLink()}),
 *                              so ARP and ND are answered with that MAC (RFC 9568 section 7.3)
 */
public record InstanceConfig(
        String name,
        AddressFamily family,
        InterfaceSelector interfaceSelector,
        int vrid,
        int priority,
        int advertIntervalCentis,
        boolean preempt,
        Duration preemptDelay,
        boolean acceptMode,
        List<VirtualAddress> virtualAddresses,
        Ipv4Checksum ipv4Checksum,
        GarpConfig garp,
        List<TrackerConfig> trackers,
        UnicastConfig unicast,
        VrrpVersion version,
        boolean acceptV2,
        int maxAdoptedIntervalCentis,
        Authentication authentication,
        Optional<RouterAdvertConfig> routerAdvertisements,
        List<HeldAddress> heldAddresses,
        boolean virtualMac) {

    public static final int DEFAULT_PRIORITY = 100;
    /** The advert interval unless configured: RFC 9568's 1 s. */
    public static final Duration DEFAULT_ADVERT_INTERVAL = Timing.centisToDuration(Timing.DEFAULT_ADVERT_INTERVAL_CS);
    /** The shortest and longest advert intervals, and their step: what the 12-bit centisecond field carries. */
    public static final Duration MIN_ADVERT_INTERVAL = Timing.centisToDuration(Timing.MIN_ADVERT_INTERVAL_CS);
    public static final Duration MAX_ADVERT_INTERVAL = Timing.centisToDuration(Timing.MAX_ADVERT_INTERVAL_CS);
    public static final Duration ADVERT_INTERVAL_STEP = Timing.centisToDuration(1);
    /** {@code 10ms to 40.95s in steps of 10ms}, for messages. */
    public static final String ADVERT_INTERVAL_RANGE = Durations.format(MIN_ADVERT_INTERVAL) + " to "
            + Durations.format(MAX_ADVERT_INTERVAL) + " in steps of " + Durations.format(ADVERT_INTERVAL_STEP);
    public static final int OWNER_PRIORITY = 255;
    /** The longest VRRPv2 advert interval: what its 8-bit field of seconds carries. */
    public static final Duration MAX_V2_ADVERT_INTERVAL = Timing.centisToDuration(Timing.MAX_V2_ADVERT_INTERVAL_CS);
    /** {@code 1s to 255s in whole seconds}, for messages. */
    public static final String V2_ADVERT_INTERVAL_RANGE = "1s to " + Durations.format(MAX_V2_ADVERT_INTERVAL)
            + " in whole seconds";

    public InstanceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(interfaceSelector, "interfaceSelector");
        Objects.requireNonNull(preemptDelay, "preemptDelay");
        Objects.requireNonNull(ipv4Checksum, "ipv4Checksum");
        Objects.requireNonNull(garp, "garp");
        Objects.requireNonNull(unicast, "unicast");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(routerAdvertisements, "routerAdvertisements");
        virtualAddresses = List.copyOf(virtualAddresses);
        trackers = List.copyOf(trackers);
        heldAddresses = heldAddresses == null ? List.of() : List.copyOf(heldAddresses);
    }

    /** The advert interval as a duration. */
    public Duration advertInterval() {
        return Duration.ofMillis(advertIntervalCentis * 10L);
    }

    /** The interfaces whose loss puts the instance in FAULT (unweighted interface trackers), in order. */
    public List<String> trackInterfaces() {
        return trackers.stream().filter(t -> t instanceof TrackerConfig.Interface && t.faults())
                .map(t -> ((TrackerConfig.Interface) t).name()).toList();
    }

    /**
     * The name of the macvlan that holds the VIPs with {@code virtual-mac: true}: {@code vrrp4.VRID}
     * or {@code vrrp6.VRID} (at most 9 bytes, within the kernel's 15).
     */
    public String virtualMacLink() {
        return virtualMacLink(family, vrid);
    }

    /** {@link #virtualMacLink()} of an instance of {@code family} and {@code vrid}. */
    public static String virtualMacLink(AddressFamily family, int vrid) {
        return (family == AddressFamily.IPV4 ? "vrrp4." : "vrrp6.") + vrid;
    }

    /** True when priority is 255: this router owns the virtual addresses. */
    public boolean isAddressOwner() {
        return priority == OWNER_PRIORITY;
    }
}
