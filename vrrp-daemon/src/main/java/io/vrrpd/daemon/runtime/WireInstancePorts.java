package io.vrrpd.daemon.runtime;

import io.vrrpd.core.IpText;
import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.packet.AdvertEncoder;
import io.vrrpd.core.packet.Advertisement;
import io.vrrpd.core.packet.ChecksumForm;
import io.vrrpd.daemon.instance.InstancePorts;
import io.vrrpd.daemon.instance.InstanceSpec;
import io.vrrpd.daemon.logging.LogLimit;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.net.Announcer;
import io.vrrpd.daemon.net.RouterAdvertiser;
import io.vrrpd.daemon.net.PacketIoException;
import io.vrrpd.daemon.net.VirtualMac;
import io.vrrpd.daemon.net.AdvertTemplate;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import io.vrrpd.daemon.net.PacketInterface;
import io.vrrpd.daemon.instance.InstanceCounters;

/**
 * Applies an instance's effects for real: adverts as Ethernet frames through its interface's
 * pcap channel (or unicast datagrams to its peers), each in the version the state machine asked
 * for; VIPs through rtnetlink on the {@link AddressWorker}; GARP / unsolicited NA through the
 * announcer.
 */
final class WireInstancePorts implements InstancePorts {
    private static final Logger LOG = LoggerFactory.getLogger(WireInstancePorts.class);

    private final InstanceSpec spec;
    private InterfaceBinding binding;
    private final Kernel kernel;
    private final AddressWorker addresses;
    private final EventLoop loop;
    private final Announcer.Settings announceSettings;
    private Announcer announcer;
    private PacketInterface announcerInterface;
    private PacketIo.Port announcerChannel;
    private final byte[] groupAddress;
    private final byte[] virtualMac;
    /** The adverts this instance sends: VRRPv3, VRRPv2, or in mixed mode both; null for a version it does not. */
    private final VersionFrame v3;
    private final VersionFrame v2;
    private InetAddress templateSource;
    private byte[] sourceBytes;
    private Announcer.Announcement announcement;
    /** The Router Advertisements of an IPv6 instance that has them configured; empty otherwise. */
    private final Optional<RouterAdvertiser.Settings> routerAdverts;
    /** Made with the announcer, for the same channel; null while there is none. */
    private RouterAdvertiser advertiser;
    /** The instance's VIPs in the kernel: added and removed on the worker, only what vrrpd added. */
    private final VirtualAddresses vips;
    /** Between an add and the next remove (loop thread): the VIPs should be on the interface. */
    private boolean holding;
    /** What the last warm-up ran against; a re-bind to the same needs none. */
    private PacketIo.Port warmedChannel;
    private InetAddress warmedSource;
    private final List<InetAddress> unicastPeers;
    private final InstanceCounters counters;
    /** One warning per period for adverts the channel refused, however many fail (loop thread). */
    private final LogLimit sendFailedLog = new LogLimit();
    private final LogLimit sendWorksLog = new LogLimit();
    private boolean sendFailing;
    /** The unicast peers' socket while unicast-peers is set and the instance is bound; else null. */
    private UnicastSender unicast;
    /** The macvlan that holds the VIPs with virtual-mac: true; null when they go on the interface itself. */
    private final VirtualMacLink virtualMacLink;
    /** The interface the macvlan was last asked for on (loop thread); 0 before. */
    private int virtualMacParent;

    WireInstancePorts(InstanceSpec spec, Kernel kernel, AddressWorker addresses, EventLoop loop, ChecksumForm checksumForm,
                      Announcer.Settings announceSettings, Optional<RouterAdvertiser.Settings> routerAdverts,
                      List<InetAddress> unicastPeers, InstanceCounters counters, VirtualMacLink virtualMacLink) {
        this.virtualMacLink = virtualMacLink;
        this.spec = spec;
        this.addresses = addresses;
        this.loop = loop;
        this.unicastPeers = List.copyOf(unicastPeers);
        this.counters = counters;
        this.announceSettings = announceSettings;
        this.routerAdverts = routerAdverts;
        this.kernel = kernel;
        this.groupAddress = spec.family().multicastGroup();
        this.virtualMac = VirtualMac.of(spec.family(), spec.vrid()).bytes();
        this.vips = new VirtualAddresses(spec, kernel);
        this.v3 = spec.version() == VrrpVersion.V3 ? new VersionFrame(new Advertisement(spec.family(), spec.vrid(),
                spec.priority(), spec.advertIntervalCs(), spec.virtualAddresses()), checksumForm) : null;
        this.v2 = spec.sendsV2() ? new VersionFrame(new Advertisement(VrrpVersion.V2, spec.family(), spec.vrid(),
                spec.priority(), spec.v2AdvertIntervalCs(), spec.virtualAddresses(), spec.authentication()),
                ChecksumForm.NO_PSEUDO_HEADER) : null;
    }

    /**
     * The advert of one version, its encode buffer and its frame, reused for every send: only a
     * change of priority or interval makes a new advert (VRRPv2's is 8 bytes longer, its
     * authentication data, and has one checksum form, over the message alone).
     */
    private final class VersionFrame {
        private Advertisement advert;
        private final ChecksumForm form;
        private final byte[] payload;
        private AdvertTemplate template;

        VersionFrame(Advertisement advert, ChecksumForm form) {
            this.advert = advert;
            this.form = form;
            this.payload = new byte[advert.encodedLength()];
        }

        /** The advert with {@code priority} and {@code intervalCs}, made anew only when either changed. */
        Advertisement advert(int priority, int intervalCs) {
            if (advert.priority() != priority || advert.maxAdvertInterval() != intervalCs) {
                advert = new Advertisement(advert.version(), advert.family(), advert.vrid(), priority, intervalCs,
                        advert.addresses(), advert.authentication());
            }
            return advert;
        }

        /** Rebuilds the frame template when the source address changed (see {@link #ensureTemplates}). */
        void template(InetAddress source) {
            template = AdvertTemplate.of(spec.family(), virtualMac, source, payload.length);
        }

        /** The frame of the current advert to the group, filled in place. */
        byte[] frame() {
            int n = AdvertEncoder.encode(advert, sourceBytes, groupAddress, form, payload, 0);
            return template.fill(payload, 0, n);
        }
    }


    /**
     * Loop thread: the interface this instance now runs on (changes after a rename or a reopen).
     * Every reconcile re-binds every instance; the warm-up runs only when the channel or the
     * source address changed, because it builds a whole announcement (milliseconds each) and a
     * reconcile of hundreds of instances must not hold the loop that long.
     */
    void bind(InterfaceBinding binding) {
        this.binding = binding;
        if (virtualMacLink != null && binding != null && binding.ifindex() != virtualMacParent) {
            // made (or adopted) while backup, so the first takeover does not wait for it
            int parent = binding.ifindex();
            String parentName = binding.name();
            boolean up = holding;
            virtualMacParent = parent;
            addresses.submit(() -> virtualMacLink.ensure(parent, parentName, up));
        }
        PacketIo.Port channel = binding == null ? null : binding.channel();
        InetAddress source = binding == null ? null : binding.source(spec.family());
        if (channel != null && channel == warmedChannel && source != null && source.equals(warmedSource)) {
            return;
        }
        warmUp();
        warmedChannel = channel;
        warmedSource = source;
    }

    /**
     * Runs the frame-building code of a takeover once, without sending anything: the first
     * advert and announcement of a daemon's life otherwise pay for class loading and first-time
     * initialisation (pcap4j packet builders, the announcer) on the failover path. Measured in the
     * lab: the first takeover after start was ~9 ms slower than later ones without this.
     */
    private void warmUp() {
        PacketIo.Port channel = binding == null ? null : binding.channel();
        InetAddress source = binding == null ? null : binding.source(spec.family());
        if (channel == null || source == null) {
            return;
        }
        try {
            if (unicastPeers.isEmpty()) {
                ensureTemplates(source);
                for (VersionFrame f : frames()) {
                    f.frame();
                }
            }
            ensureAnnouncer(channel);
            announcer.burst(spec.family(), spec.vrid(), spec.virtualAddresses());
        } catch (RuntimeException e) {
            LOG.debug("{}: warm-up on {} failed: {}", spec.name(), spec.interfaceName(), e.toString());
        }
    }

    /** The reusable frames for adverts from {@code source}, rebuilt only when the source address changes. */
    private void ensureTemplates(InetAddress source) {
        if (templateSource == null || !source.equals(templateSource)) {
            for (VersionFrame f : frames()) {
                f.template(source);
            }
            templateSource = source;
            sourceBytes = source.getAddress();
        }
    }

    /** The versions this instance sends, VRRPv3 first (at warm-up and when the source changes, not per advert). */
    private List<VersionFrame> frames() {
        return v3 == null ? List.of(v2) : v2 == null ? List.of(v3) : List.of(v3, v2);
    }

    /**
     * Loop thread: (re)opens the unicast socket from {@code source} on the bound interface, unless
     * the open one already fits. Returns null, or what the kernel refused (the instance is then in FAULT).
     */
    String openUnicast(InetAddress source) {
        if (unicastPeers.isEmpty() || binding == null) {
            return null;
        }
        if (unicast != null && unicast.matches(binding.name(), binding.ifindex(), source)) {
            return null;
        }
        closeUnicast();
        try {
            unicast = UnicastSender.open(spec.name(), spec.family(), binding.name(), binding.ifindex(), source,
                    unicastPeers, counters);
            LOG.info("{}: unicast adverts from {} on {} to {}", spec.name(), IpText.format(source), binding.name(),
                    unicastPeers.stream().map(IpText::format).toList());
            return null;
        } catch (KernelException e) {
            return "cannot open the unicast socket on " + binding.name() + ": " + e.getMessage();
        }
    }

    private void closeUnicast() {
        if (unicast != null) {
            unicast.close();
            unicast = null;
        }
    }

    @Override
    public void sendAdvert(int priority, int intervalCs, VrrpVersion version) {
        VersionFrame f = version == VrrpVersion.V3 ? v3 : v2;
        if (f == null) {
            throw new IllegalArgumentException(spec.name() + ": asked for a " + version + " advert (expected: "
                    + spec.version() + (spec.acceptV2() ? " or V2" : "") + ", the versions this instance sends)");
        }
        Advertisement advert = f.advert(priority, intervalCs);
        if (!unicastPeers.isEmpty()) {
            if (unicast == null) {
                LOG.debug("{}: no unicast socket on {}; advert not sent", spec.name(), spec.interfaceName());
            } else {
                unicast.send(advert, f.form, f.payload);   // never to the group
            }
            return;
        }
        PacketIo.Port channel = binding == null ? null : binding.channel();
        InetAddress source = binding == null ? null : binding.source(spec.family());
        if (channel == null || source == null) {
            LOG.debug("{}: no channel or source address on {}; advert not sent", spec.name(), spec.interfaceName());
            return;
        }
        ensureTemplates(source);
        try {
            // one frame per instance and version, refilled in place: the periodic send allocates nothing
            channel.send(f.frame());
            if (sendFailing) {
                sendFailing = false;
                if (sendWorksLog.permit(System.nanoTime())) {   // a send that flaps is not a line per advert either
                    LOG.info("{}: adverts are sent on {} again", spec.name(), spec.interfaceName());
                }
            }
        } catch (PacketIoException e) {
            counters.sendFailed();
            sendFailing = true;
            if (sendFailedLog.permit(System.nanoTime())) {   // not one line per advert: once per period
                long more = sendFailedLog.heldBack();
                LOG.warn("{}: advert not sent on {}: {}{}; counted in send-failures, logged again in {} s at"
                                + " the earliest", spec.name(), spec.interfaceName(), e.getMessage(),
                        more == 0 ? "" : " (" + more + " more failed since the last line)",
                        LogLimit.DEFAULT_PERIOD.toSeconds());
            }
        }
    }

    /**
     * Loop thread: queues the VIPs' installation on the {@link AddressWorker} and returns at once;
     * {@code done} runs on the loop once every one was added (or failed, which is logged).
     * {@link #holds} counts them from now: a deletion reported meanwhile is restored.
     */
    @Override
    public void addVirtualAddresses(Runnable done) {
        if (binding == null) {
            done.run();
            return;
        }
        int ifindex = binding.ifindex();
        String ifname = binding.name();
        holding = true;
        addresses.submit(() -> {
            int on = virtualMacLink == null ? ifindex : virtualMacLink.up(ifindex, ifname);
            if (on != 0) {
                vips.addAll(on);
            }
            loop.post(done);
        });
    }

    /**
     * Loop thread: queues the removal of the VIPs this instance added, after any add still queued.
     * An address that was on the interface before vrrpd (the owner's own) stays.
     */
    @Override
    public void removeVirtualAddresses() {
        if (!holding) {
            return;
        }
        holding = false;
        addresses.submit(() -> {
            vips.removeAdded();
            if (virtualMacLink != null) {
                virtualMacLink.down();   // a backup's macvlan answers nothing
            }
        });
    }

    /**
     * Worker thread (from {@link VipAudit}): puts back the VIPs missing from {@code present}, the
     * addresses of interface {@code ifindex}; counts and returns them.
     */
    List<InetAddress> restoreMissing(int ifindex, Set<InetAddress> present) {
        List<InetAddress> restored = vips.restoreMissing(ifindex, present);
        restored.forEach(v -> counters.vipRestored());
        return restored;
    }

    /** Loop thread: the interface this instance's VIPs should be on now (its macvlan with virtual-mac), or 0 when it holds none. */
    int holdingOn() {
        if (!holding || binding == null) {
            return 0;
        }
        return virtualMacLink == null ? binding.ifindex() : virtualMacLink.index();
    }

    String name() {
        return spec.name();
    }

    /** Whether {@code vip} is one this instance holds now (it is master for it) and should restore. */
    boolean holds(InetAddress vip) {
        return holding && spec.virtualAddresses().contains(vip);
    }

    @Override
    public void announce() {
        cancelAnnouncement();
        PacketIo.Port channel = binding == null ? null : binding.channel();
        if (channel == null) {
            return;
        }
        ensureAnnouncer(channel);
        announcement = announcer.announce(spec.family(), spec.vrid(), spec.virtualAddresses());
        if (advertiser != null) {
            advertiser.start();   // idempotent: a repeated announcement does not restart the adverts
        }
    }

    private void ensureAnnouncer(PacketIo.Port channel) {
        // A link flap reopens the channel on the same interface: the announcer must follow the
        // channel, not just the interface, or it keeps sending into the closed one.
        if (announcer == null || channel != announcerChannel || !channel.iface().equals(announcerInterface)) {
            closeAnnouncer();
            announcerInterface = channel.iface();
            announcerChannel = channel;
            announcer = new Announcer(channel, announcerInterface, announceSettings, binding.announceScheduler());
            advertiser = routerAdverts.map(ra -> new RouterAdvertiser(channel, announcerInterface.name(),
                    announcer.sourceMac(spec.family(), spec.vrid()), (Inet6Address) spec.virtualAddresses().get(0), ra,
                    binding.announceScheduler())).orElse(null);
        }
    }

    @Override
    public void stopAnnouncing() {
        cancelAnnouncement();
        if (advertiser != null) {
            advertiser.stop();
        }
    }

    @Override
    public void withdrawRouter() {
        if (advertiser != null) {
            advertiser.withdraw();
        }
    }

    private void cancelAnnouncement() {
        if (announcement != null) {
            announcement.cancel();
            announcement = null;
        }
    }

    /** Router Advertisements sent, final ones included; 0 without them. Loop thread. */
    long routerAdvertsSent() {
        return advertiser == null ? 0 : advertiser.sent();
    }

    /** Stops announcing and releases the announcer's scheduler (instance removed or daemon stopping). */
    void close() {
        stopAnnouncing();
        closeAnnouncer();
        closeUnicast();
        if (virtualMacLink != null) {
            addresses.submit(virtualMacLink::delete);   // after the removal of the VIPs queued by the shutdown
            virtualMacParent = 0;
        }
    }

    private void closeAnnouncer() {
        if (advertiser != null) {
            advertiser.close();
            advertiser = null;
        }
        if (announcer != null) {
            announcer.close();
            announcer = null;
            announcerChannel = null;
        }
    }
}
