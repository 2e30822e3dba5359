package io.vrrpd.daemon.runtime;

import io.vrrpd.core.packet.ChecksumForm;
import io.vrrpd.core.packet.OwnerPolicy;
import io.vrrpd.core.packet.ReceiveExpectations;
import io.vrrpd.core.packet.UnicastPeers;
import io.vrrpd.daemon.config.GarpConfig;
import io.vrrpd.daemon.net.RouterAdvertFrames;
import io.vrrpd.daemon.net.RouterAdvertiser;
import io.vrrpd.daemon.config.InstanceConfig;
import io.vrrpd.daemon.config.Ipv4Checksum;
import io.vrrpd.daemon.config.VirtualAddress;
import io.vrrpd.daemon.instance.InstanceSpec;
import io.vrrpd.daemon.net.Announcer;

import java.time.Duration;
import java.util.Optional;

/** Translations from validated config records to what the runtime pieces take. */
final class InstanceSpecs {
    private InstanceSpecs() {
    }

    static InstanceSpec of(InstanceConfig c, String interfaceName) {
        return new InstanceSpec(c.name(), c.family(), c.vrid(), interfaceName, c.priority(), c.advertIntervalCentis(),
                c.preempt(), c.preemptDelay().toNanos(), c.acceptMode(),
                c.virtualAddresses().stream().map(VirtualAddress::address).toList(),
                c.virtualAddresses().stream().map(VirtualAddress::prefixLength).toList(), c.version(), c.acceptV2(),
                c.maxAdoptedIntervalCentis(), c.authentication());
    }

    /**
     * What the receive check expects of an advert to this instance; a unicast instance's peers are
     * heard at no local address until it starts on its interface.
     */
    static ReceiveExpectations expectations(InstanceConfig c, InstanceSpec spec) {
        ReceiveExpectations e = new ReceiveExpectations(c.family(), c.vrid(), spec.virtualAddresses(), spec.owner(),
                OwnerPolicy.LOG_AND_PROCESS)
                .withVersion(c.version(), c.acceptV2(), c.advertIntervalCentis(), c.authentication());
        return c.unicast().isUnicast() ? e.withUnicast(UnicastPeers.ofPeers(c.unicast().entries(), null)) : e;
    }

    /** The VRRPv3 checksum form of the config; VRRPv2 adverts have one form, over the message alone. */
    static ChecksumForm checksumForm(InstanceConfig c) {
        return c.ipv4Checksum() == Ipv4Checksum.RFC9568 ? ChecksumForm.NO_PSEUDO_HEADER : ChecksumForm.PSEUDO_HEADER;
    }

    /**
     * keepalived's garp_master_* semantics. Announcements carry the MAC the kernel answers ARP and
     * ND with: the virtual MAC with {@code virtual-mac: true} (the VIPs are on its macvlan), else
     * the interface's own (the VIPs are on the interface itself).
     */
    /** The Router Advertisements of an IPv6 instance's master, if configured. */
    static Optional<RouterAdvertiser.Settings> routerAdverts(InstanceConfig c) {
        return c.routerAdvertisements().map(ra -> new RouterAdvertiser.Settings(ra.interval(),
                (int) ra.lifetime().toSeconds(), ra.prefixes().stream()
                        .map(p -> new RouterAdvertFrames.Prefix(p.network(), p.length(), p.autonomous())).toList()));
    }

    static Announcer.Settings announceSettings(GarpConfig garp, boolean virtualMac) {
        return Announcer.Settings.defaults()
                .withRepeat(garp.masterRepeat())
                .withDelay(garp.masterDelay())
                .withRefresh(garp.masterRefresh().orElse(Duration.ZERO))
                .withSourceMac(virtualMac ? Announcer.SourceMac.VIRTUAL : Announcer.SourceMac.INTERFACE);
    }
}
