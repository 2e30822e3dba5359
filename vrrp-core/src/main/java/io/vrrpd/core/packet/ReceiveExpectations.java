package io.vrrpd.core.packet;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the local virtual router expects of an advert addressed to it: the input of
 * {@link ReceiveCheck}. Immutable.
 *
 * @param family           the local instance's family
 * @param vrid             the local VRID, 1-255
 * @param virtualAddresses the configured virtual addresses (copied; order does not matter)
 * @param addressOwner     whether the local router owns the addresses (priority 255)
 * @param ownerPolicy      what an owner does with an advert for its VRID
 * @param unicast          the peers a unicast instance hears and its own address; {@link UnicastPeers#NONE}
 *                         for multicast
 * @param version          the version the instance speaks: V3 (RFC 9568) or V2 (RFC 3768, IPv4)
 * @param acceptV2         a V3 instance in mixed mode (RFC 9568 section 8.4, IPv4): it hears VRRPv2 too
 * @param advertIntervalCs the instance's own Advertisement_Interval in centiseconds; a V2 instance
 *                         discards an advert with another (whole seconds, 100-25500); unused for V3
 * @param authentication   what VRRPv2 adverts must carry (V2 or mixed mode); {@link Authentication#NONE}
 *                         otherwise
 */
public record ReceiveExpectations(AddressFamily family, int vrid, List<InetAddress> virtualAddresses,
        boolean addressOwner, OwnerPolicy ownerPolicy, UnicastPeers unicast, VrrpVersion version,
        boolean acceptV2, int advertIntervalCs, Authentication authentication) {

    /** Validates and copies. */
    public ReceiveExpectations {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(ownerPolicy, "ownerPolicy");
        Objects.requireNonNull(unicast, "unicast");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(authentication, "authentication");
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("vrid " + vrid + " (expected: 1-255)");
        }
        if (!version.supports(family)) {
            throw new IllegalArgumentException("VRRPv2 on IPv6 (expected: IPv4; VRRPv2 is IPv4 only)");
        }
        if (acceptV2 && (version != VrrpVersion.V3 || family != AddressFamily.IPV4)) {
            throw new IllegalArgumentException("accept-v2 on a " + version + " " + family.configName()
                    + " instance (expected: a VRRPv3 IPv4 instance)");
        }
        if (version == VrrpVersion.V2 && (advertIntervalCs < Advertisement.CENTISECONDS_PER_SECOND
                || advertIntervalCs > Advertisement.MAX_V2_ADVERT_INTERVAL_SECONDS * Advertisement.CENTISECONDS_PER_SECOND
                || advertIntervalCs % Advertisement.CENTISECONDS_PER_SECOND != 0)) {
            throw new IllegalArgumentException("VRRPv2 advert interval " + advertIntervalCs
                    + " centiseconds (expected: whole seconds, 100-25500 centiseconds)");
        }
        if (!authentication.isNone() && version == VrrpVersion.V3 && !acceptV2) {
            throw new IllegalArgumentException("authentication on a VRRPv3 instance that does not hear VRRPv2"
                    + " (expected: none; only VRRPv2 adverts carry authentication)");
        }
        virtualAddresses = List.copyOf(virtualAddresses);
    }

    /** VRRPv3 expectations, unicast or multicast. */
    public ReceiveExpectations(AddressFamily family, int vrid, List<InetAddress> virtualAddresses,
            boolean addressOwner, OwnerPolicy ownerPolicy, UnicastPeers unicast) {
        this(family, vrid, virtualAddresses, addressOwner, ownerPolicy, unicast, VrrpVersion.V3, false, 0,
                Authentication.NONE);
    }

    /** VRRPv3 multicast expectations. */
    public ReceiveExpectations(AddressFamily family, int vrid, List<InetAddress> virtualAddresses,
            boolean addressOwner, OwnerPolicy ownerPolicy) {
        this(family, vrid, virtualAddresses, addressOwner, ownerPolicy, UnicastPeers.NONE);
    }

    /** VRRPv3 multicast expectations with the published RFC 9568 owner rule, {@link OwnerPolicy#DISCARD}. */
    public ReceiveExpectations(AddressFamily family, int vrid, List<InetAddress> virtualAddresses,
            boolean addressOwner) {
        this(family, vrid, virtualAddresses, addressOwner, OwnerPolicy.DISCARD, UnicastPeers.NONE);
    }

    /** The same expectations with {@code unicast} peers and local address. */
    public ReceiveExpectations withUnicast(UnicastPeers peers) {
        return new ReceiveExpectations(family, vrid, virtualAddresses, addressOwner, ownerPolicy, peers, version,
                acceptV2, advertIntervalCs, authentication);
    }

    /**
     * The same expectations for an instance of {@code version} (with {@code acceptV2}, mixed mode),
     * own interval {@code advertIntervalCs} and VRRPv2 {@code authentication}.
     *
     * @throws IllegalArgumentException for a combination the constructor refuses
     */
    public ReceiveExpectations withVersion(VrrpVersion version, boolean acceptV2, int advertIntervalCs,
            Authentication authentication) {
        return new ReceiveExpectations(family, vrid, virtualAddresses, addressOwner, ownerPolicy, unicast, version,
                acceptV2, advertIntervalCs, authentication);
    }

    /** Whether adverts of {@code v} are for this instance. */
    public boolean hears(VrrpVersion v) {
        return v == version || (acceptV2 && v == VrrpVersion.V2);
    }

    /**
     * The versions this instance hears, for {@link AdvertDecoder#decode(Set, AddressFamily, byte[], byte[],
     * byte[], int, int)}: the receiving interface decodes the union over its instances.
     */
    public Set<VrrpVersion> heardVersions() {
        return acceptV2 ? AdvertDecoder.V2_AND_V3 : version == VrrpVersion.V2 ? AdvertDecoder.V2_ONLY
                : AdvertDecoder.V3_ONLY;
    }
}
