package io.vrrpd.daemon.takeover;

import java.util.List;

/**
 * What a running vrrpd hands to the process taking over from it ({@code vrrpd --take-over}):
 * per instance, its protocol state, the master it last heard, the interval it adopted, a digest
 * of its configuration (an instance whose config changed restarts normally instead of being
 * adopted), and what it holds in the kernel, so that the new process adopts those addresses and
 * routes instead of adding and later removing them.
 *
 * @param version  the hand-over format's version, {@link HandoverCodec#VERSION} when written
 * @param build    the sending build's version string, for the log line of either side
 * @param instances one entry per running instance
 */
public record HandoverState(int version, String build, List<Instance> instances) {

    public HandoverState {
        instances = List.copyOf(instances);
    }

    /**
     * One instance as the old process runs it.
     *
     * @param name               the instance's name in the config
     * @param state              its protocol state (MASTER, BACKUP, INITIALIZE), or DRAINED when an operator drained it
     * @param masterAddress      the master last heard, or null when none was
     * @param adoptedIntervalCs  the advert interval adopted from the master, in centiseconds
     * @param configDigest       a digest of the instance's effective configuration
     * @param heldAddresses      the VIPs it installed (CIDR), tagged with vrrpd's IFA_PROTO
     * @param heldRoutes         the routes its hooks installed (protocol vrrpd), as "dst via gw dev if"; informational,
     *                           and empty from this build: the new process's hooks replace their routes in place
     */
    public record Instance(String name, String state, String masterAddress, int adoptedIntervalCs,
                           String configDigest, List<String> heldAddresses, List<String> heldRoutes) {
        public Instance {
            heldAddresses = List.copyOf(heldAddresses);
            heldRoutes = List.copyOf(heldRoutes);
        }
    }
}
