package io.vrrpd.daemon.instance;

import io.vrrpd.core.AddressFamily;

import java.net.InetAddress;
import java.util.List;

/**
 * Everything an instance needs from its configuration, resolved: the daemon builds it from the
 * YAML once the config has been validated as a whole.
 *
 * @param virtualAddresses the VIPs in advert order (IPv6: link-local first)
 * @param prefixLengths    prefix length of each VIP, same order
 * @param maxAdoptedIntervalCs the longest master's interval a backup adopts; 0: no bound
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
        int maxAdoptedIntervalCs) {

    /** An instance that adopts whatever interval its master advertises (RFC 9568). */
    public InstanceSpec(String name, AddressFamily family, int vrid, String interfaceName, int priority,
                        int advertIntervalCs, boolean preempt, long preemptDelayNanos, boolean acceptMode,
                        List<InetAddress> virtualAddresses, List<Integer> prefixLengths) {
        this(name, family, vrid, interfaceName, priority, advertIntervalCs, preempt, preemptDelayNanos, acceptMode,
                virtualAddresses, prefixLengths, 0);
    }

    public InstanceSpec {
        virtualAddresses = List.copyOf(virtualAddresses);
        prefixLengths = List.copyOf(prefixLengths);
        if (virtualAddresses.size() != prefixLengths.size()) {
            throw new IllegalArgumentException("one prefix length per virtual address");
        }
    }

    /** True when this router owns the addresses (priority 255). */
    public boolean owner() {
        return priority == 255;
    }
}
