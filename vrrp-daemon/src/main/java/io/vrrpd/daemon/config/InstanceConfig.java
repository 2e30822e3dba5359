package io.vrrpd.daemon.config;

import io.vrrpd.hooks.kernel.InterfaceSelector;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.fsm.Timing;
import io.vrrpd.hooks.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One VRRP virtual router of one family on one interface (the {@code instances.NAME} section).
 *
 * @param name                  the key under {@code instances}
 * @param family                IPv4 or IPv6
 * @param interfaceSelector     the interface it runs on
 * @param vrid                  virtual router id, 1-255
 * @param priority              1-255; 255 means this router owns the addresses
 * @param advertIntervalCentis  advert interval in centiseconds, 1-4095 (the wire unit)
 * @param preempt               a higher-priority backup takes over from a lower-priority master
 * @param preemptDelay          how long to wait before preempting
 * @param acceptMode            accept packets addressed to the virtual addresses while master
 * @param virtualAddresses      at least one; for IPv6 the first is link-local
 * @param ipv4Checksum          checksum form of IPv4 adverts (RFC5798 for IPv6 instances, unused)
 * @param garp                  gratuitous ARP / unsolicited NA settings
 * @param trackInterfaces       interfaces whose loss puts the instance in FAULT
 * @param unicast               unicast peers and source; {@link UnicastConfig#MULTICAST} for the group
 * @param maxAdoptedIntervalCentis the longest master's interval a backup adopts, in centiseconds; 0: no
 *                              bound (RFC 9568 adopts whatever the master advertises, up to 40.95 s)
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
        List<String> trackInterfaces,
        UnicastConfig unicast,
        int maxAdoptedIntervalCentis) {

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

    public InstanceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(interfaceSelector, "interfaceSelector");
        Objects.requireNonNull(preemptDelay, "preemptDelay");
        Objects.requireNonNull(ipv4Checksum, "ipv4Checksum");
        Objects.requireNonNull(garp, "garp");
        Objects.requireNonNull(unicast, "unicast");
        virtualAddresses = List.copyOf(virtualAddresses);
        trackInterfaces = List.copyOf(trackInterfaces);
    }

    /** The advert interval as a duration. */
    public Duration advertInterval() {
        return Duration.ofMillis(advertIntervalCentis * 10L);
    }

    /** True when priority is 255: this router owns the virtual addresses. */
    public boolean isAddressOwner() {
        return priority == OWNER_PRIORITY;
    }
}
