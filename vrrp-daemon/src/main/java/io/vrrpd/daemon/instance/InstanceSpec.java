package io.vrrpd.daemon.instance;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.fsm.RouterConfig;
import io.vrrpd.core.fsm.Timing;
import io.vrrpd.core.packet.Authentication;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Everything an instance needs from its configuration, resolved: the daemon builds it from the
 * YAML once the config has been validated as a whole.
 *
 * @param virtualAddresses     the VIPs in advert order (IPv6: link-local first)
 * @param prefixLengths        prefix length of each VIP, same order
 * @param version              VRRPv3, or VRRPv2 (IPv4)
 * @param acceptV2             VRRPv3 in mixed mode (RFC 9568 section 8.4): VRRPv2 adverts sent and heard too
 * @param maxAdoptedIntervalCs the longest master interval a VRRPv3 backup adopts (0: no bound)
 * @param authentication       what the VRRPv2 adverts carry; {@link Authentication#NONE} for none
 */
public record InstanceSpec(
        String name,
        AddressFamily family,
        int vrid,
        String interfaceName,
        int priority,
        int advertIntervalCs,
        boolean preempt,
        long preemptDelayNanos,
        boolean acceptMode,
        List<InetAddress> virtualAddresses,
        List<Integer> prefixLengths,
        VrrpVersion version,
        boolean acceptV2,
        int maxAdoptedIntervalCs,
        Authentication authentication) {

    public InstanceSpec {
        virtualAddresses = List.copyOf(virtualAddresses);
        prefixLengths = List.copyOf(prefixLengths);
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(authentication, "authentication");
        if (virtualAddresses.size() != prefixLengths.size()) {
            throw new IllegalArgumentException("one prefix length per virtual address");
        }
    }

    /** A VRRPv3 instance, no mixed mode, no bound on the adopted interval. */
    public InstanceSpec(String name, AddressFamily family, int vrid, String interfaceName, int priority,
                        int advertIntervalCs, boolean preempt, long preemptDelayNanos, boolean acceptMode,
                        List<InetAddress> virtualAddresses, List<Integer> prefixLengths) {
        this(name, family, vrid, interfaceName, priority, advertIntervalCs, preempt, preemptDelayNanos, acceptMode,
                virtualAddresses, prefixLengths, VrrpVersion.V3, false, 0, Authentication.NONE);
    }

    /** True when this router owns the addresses (priority 255). */
    public boolean owner() {
        return priority == 255;
    }

    /** Whether this instance sends VRRPv2 adverts: a VRRPv2 instance, or one in mixed mode. */
    public boolean sendsV2() {
        return version == VrrpVersion.V2 || acceptV2;
    }

    /**
     * The interval its VRRPv2 adverts carry, in centiseconds: its own, rounded up to whole seconds in
     * mixed mode; 0 when it sends none. As {@link RouterConfig#v2AdvertIntervalCs()}.
     */
    public int v2AdvertIntervalCs() {
        return sendsV2() ? Timing.roundUpToWholeSecondsCs(advertIntervalCs) : 0;
    }

    /** The state machine's configuration, advertising {@code priority} from {@code primaryAddress}. */
    public RouterConfig routerConfig(int priority, byte[] primaryAddress) {
        return new RouterConfig(family, vrid, priority, advertIntervalCs, preempt, preemptDelayNanos, acceptMode,
                primaryAddress).withVersion(version).withAcceptV2(acceptV2)
                .withMaxAdoptedIntervalCs(maxAdoptedIntervalCs);
    }
}
