package io.vrrpd.daemon.runtime;

import io.vrrpd.core.packet.ChecksumForm;
import io.vrrpd.daemon.config.GarpConfig;
import io.vrrpd.daemon.config.InstanceConfig;
import io.vrrpd.daemon.config.Ipv4Checksum;
import io.vrrpd.daemon.config.VirtualAddress;
import io.vrrpd.daemon.instance.InstanceSpec;
import io.vrrpd.daemon.net.Announcer;

import java.time.Duration;

/** Translations from validated config records to what the runtime pieces take. */
final class InstanceSpecs {
    private InstanceSpecs() {
    }

    static InstanceSpec of(InstanceConfig c, String interfaceName) {
        return new InstanceSpec(c.name(), c.family(), c.vrid(), interfaceName, c.priority(), c.advertIntervalCentis(),
                c.preempt(), c.preemptDelay().toNanos(), c.acceptMode(),
                c.virtualAddresses().stream().map(VirtualAddress::address).toList(),
                c.virtualAddresses().stream().map(VirtualAddress::prefixLength).toList(), c.maxAdoptedIntervalCentis());
    }

    static ChecksumForm checksumForm(InstanceConfig c) {
        return c.ipv4Checksum() == Ipv4Checksum.RFC9568 ? ChecksumForm.NO_PSEUDO_HEADER : ChecksumForm.PSEUDO_HEADER;
    }

    /**
     * keepalived's garp_master_* semantics. VIPs live on the interface itself, so announcements
     * carry the interface's MAC: that is the MAC the kernel answers ARP and ND with.
     */
    static Announcer.Settings announceSettings(GarpConfig garp) {
        return Announcer.Settings.defaults()
                .withRepeat(garp.masterRepeat())
                .withDelay(garp.masterDelay())
                .withRefresh(garp.masterRefresh().orElse(Duration.ZERO))
                .withSourceMac(Announcer.SourceMac.INTERFACE);
    }
}
