package io.vrrpd.daemon.runtime;

import io.vrrpd.core.IpText;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.packet.AdvertEncoder;
import io.vrrpd.core.packet.Advertisement;
import io.vrrpd.core.packet.ChecksumForm;
import io.vrrpd.daemon.instance.InstancePorts;
import io.vrrpd.daemon.instance.InstanceSpec;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.net.Announcer;
import io.vrrpd.daemon.net.PacketIoException;
import io.vrrpd.daemon.net.VirtualMac;
import io.vrrpd.daemon.net.AdvertTemplate;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import io.vrrpd.daemon.net.PacketInterface;
import io.vrrpd.daemon.instance.InstanceCounters;

/**
 * Applies an instance's effects for real: adverts as Ethernet frames through its interface's
 * pcap channel, VIPs through rtnetlink on the {@link AddressWorker}, GARP / unsolicited NA through
 * the announcer.
 */
final class WireInstancePorts implements InstancePorts {
    private static final Logger LOG = LoggerFactory.getLogger(WireInstancePorts.class);

    private final InstanceSpec spec;
    private InterfaceBinding binding;
    private final Kernel kernel;
    private final AddressWorker addresses;
    private final EventLoop loop;
    private final ChecksumForm checksumForm;
    private final Announcer.Settings announceSettings;
    private Announcer announcer;
    private PacketInterface announcerInterface;
    private PacketIo.Port announcerChannel;
    private final byte[] groupAddress;
    private final byte[] virtualMac;
    private final byte[] payload;
    private Advertisement advert;
    private AdvertTemplate template;
    private InetAddress templateSource;
    private byte[] sourceBytes;
    private Announcer.Announcement announcement;
    private final List<Integer> installed = new ArrayList<>();
    /** What the last warm-up ran against; a re-bind to the same needs none. */
    private PacketIo.Port warmedChannel;
    private InetAddress warmedSource;
    private final List<InetAddress> unicastPeers;
    private final InstanceCounters counters;
    /** The unicast peers' socket while unicast-peers is set and the instance is bound; else null. */
    private UnicastSender unicast;

    WireInstancePorts(InstanceSpec spec, Kernel kernel, AddressWorker addresses, EventLoop loop, ChecksumForm checksumForm,
                      Announcer.Settings announceSettings, List<InetAddress> unicastPeers,
                      InstanceCounters counters) {
        this.spec = spec;
        this.addresses = addresses;
        this.loop = loop;
        this.unicastPeers = List.copyOf(unicastPeers);
        this.counters = counters;
        this.announceSettings = announceSettings;
        this.kernel = kernel;
        this.checksumForm = checksumForm;
        this.groupAddress = spec.family().multicastGroup();
        this.virtualMac = VirtualMac.of(spec.family(), spec.vrid()).bytes();
        this.advert = new Advertisement(spec.family(), spec.vrid(), spec.priority(), spec.advertIntervalCs(),
                spec.virtualAddresses());
        this.payload = new byte[advert.encodedLength()];
    }

    /**
     * Loop thread: the interface this instance now runs on (changes after a rename or a reopen).
     * Every reconcile re-binds every instance; the warm-up runs only when the channel or the
     * source address changed, because it builds a whole announcement (milliseconds each) and a
     * reconcile of hundreds of instances must not hold the loop that long.
     */
    void bind(InterfaceBinding binding) {
        this.binding = binding;
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
                ensureTemplate(source);
                int n = AdvertEncoder.encode(advert, sourceBytes, groupAddress, checksumForm, payload, 0);
                template.fill(payload, 0, n);
            }
            ensureAnnouncer(channel);
            announcer.burst(spec.family(), spec.vrid(), spec.virtualAddresses());
        } catch (RuntimeException e) {
            LOG.debug("{}: warm-up on {} failed: {}", spec.name(), spec.interfaceName(), e.toString());
        }
    }

    /** The reusable frame for adverts from {@code source}, rebuilt only when the source address changes. */
    private void ensureTemplate(InetAddress source) {
        if (template == null || !source.equals(templateSource)) {
            template = AdvertTemplate.of(spec.family(), virtualMac, source, payload.length);
            templateSource = source;
            sourceBytes = source.getAddress();
        }
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
    public void sendAdvert(int priority, int intervalCs) {
        if (advert.priority() != priority || advert.maxAdvertInterval() != intervalCs) {
            advert = new Advertisement(spec.family(), spec.vrid(), priority, intervalCs, spec.virtualAddresses());
        }
        if (!unicastPeers.isEmpty()) {
            if (unicast == null) {
                LOG.debug("{}: no unicast socket on {}; advert not sent", spec.name(), spec.interfaceName());
            } else {
                unicast.send(advert, checksumForm, payload);   // never to the group
            }
            return;
        }
        PacketIo.Port channel = binding == null ? null : binding.channel();
        InetAddress source = binding == null ? null : binding.source(spec.family());
        if (channel == null || source == null) {
            LOG.debug("{}: no channel or source address on {}; advert not sent", spec.name(), spec.interfaceName());
            return;
        }
        ensureTemplate(source);
        int n = AdvertEncoder.encode(advert, sourceBytes, groupAddress, checksumForm, payload, 0);
        try {
            // one frame per instance, refilled in place: the periodic send allocates nothing
            channel.send(template.fill(payload, 0, n));
        } catch (PacketIoException e) {
            LOG.warn("{}: advert not sent on {}: {}", spec.name(), spec.interfaceName(), e.getMessage());
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
        for (int i = 0; i < spec.virtualAddresses().size(); i++) {
            if (!installed.contains(i)) {
                installed.add(i);
            }
        }
        addresses.submit(() -> {
            for (int i = 0; i < spec.virtualAddresses().size(); i++) {
                InetAddress vip = spec.virtualAddresses().get(i);
                try {
                    kernel.addAddress(ifindex, vip, spec.prefixLengths().get(i), spec.family() == AddressFamily.IPV6);
                } catch (KernelException e) {
                    LOG.error("{}: cannot add {} to {}: {}", spec.name(), IpText.format(vip), spec.interfaceName(),
                            e.getMessage());
                }
            }
            loop.post(done);
        });
    }

    /** Loop thread: queues the removal of the VIPs this instance installed, after any add still queued. */
    @Override
    public void removeVirtualAddresses() {
        if (binding == null || installed.isEmpty()) {
            installed.clear();
            return;
        }
        int ifindex = binding.ifindex();
        List<Integer> remove = List.copyOf(installed);
        installed.clear();
        addresses.submit(() -> {
            for (int i : remove) {
                InetAddress vip = spec.virtualAddresses().get(i);
                try {
                    kernel.deleteAddress(ifindex, vip, spec.prefixLengths().get(i));
                } catch (KernelException e) {
                    LOG.debug("{}: {} already gone from {}: {}", spec.name(), IpText.format(vip), spec.interfaceName(),
                            e.getMessage());
                }
            }
        });
    }

    /** Whether {@code vip} is one this instance installed and should hold. */
    boolean holds(InetAddress vip) {
        for (int i : installed) {
            if (spec.virtualAddresses().get(i).equals(vip)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void announce() {
        stopAnnouncing();
        PacketIo.Port channel = binding == null ? null : binding.channel();
        if (channel == null) {
            return;
        }
        ensureAnnouncer(channel);
        announcement = announcer.announce(spec.family(), spec.vrid(), spec.virtualAddresses());
    }

    private void ensureAnnouncer(PacketIo.Port channel) {
        // A link flap reopens the channel on the same interface: the announcer must follow the
        // channel, not just the interface, or it keeps sending into the closed one.
        if (announcer == null || channel != announcerChannel || !channel.iface().equals(announcerInterface)) {
            closeAnnouncer();
            announcerInterface = channel.iface();
            announcerChannel = channel;
            announcer = new Announcer(channel, announcerInterface, announceSettings, binding.announceScheduler());
        }
    }

    @Override
    public void stopAnnouncing() {
        if (announcement != null) {
            announcement.cancel();
            announcement = null;
        }
    }

    /** Stops announcing and releases the announcer's scheduler (instance removed or daemon stopping). */
    void close() {
        stopAnnouncing();
        closeAnnouncer();
        closeUnicast();
    }

    private void closeAnnouncer() {
        if (announcer != null) {
            announcer.close();
            announcer = null;
            announcerChannel = null;
        }
    }
}
