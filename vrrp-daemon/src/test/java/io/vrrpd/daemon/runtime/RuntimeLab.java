package io.vrrpd.daemon.runtime;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.packet.AdvertEncoder;
import io.vrrpd.core.packet.Advertisement;
import io.vrrpd.core.packet.ChecksumForm;
import io.vrrpd.daemon.config.ConfigLoader;
import io.vrrpd.daemon.config.SysfsInterfaceDirectory;
import io.vrrpd.daemon.config.VrrpdConfig;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.metrics.HookMetrics;
import io.vrrpd.daemon.net.Libpcap;
import io.vrrpd.daemon.net.PacketChannel;
import io.vrrpd.daemon.net.PacketInterface;
import io.vrrpd.daemon.net.VirtualMac;
import io.vrrpd.daemon.net.VrrpFrames;
import io.vrrpd.daemon.status.InstanceStatus;
import io.vrrpd.daemon.status.StatusBoard;
import io.vrrpd.hooks.HookRunner;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;
import io.vrrpd.hooks.kernel.rtnetlink.RtNetlinkKernel;
import io.vrrpd.hooks.testlab.Lab;
import org.junit.jupiter.api.Assumptions;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link DaemonRuntime} in this JVM, in a lab namespace {@code r} with the real kernel (rtnetlink)
 * and real packet I/O (pcap), facing a scripted peer in namespace {@code p} across a veth pair
 * (r eth0 192.0.2.2, p eth0 192.0.2.3). No kernel monitor runs unless a test delivers events
 * itself: what the runtime does on its own (a receive failure, the audit) is seen alone.
 *
 * <p>The event loop's thread is started inside {@code r} and stays there, as do the threads it
 * starts (the address worker, receive threads); the kernel handle is opened there too. Every
 * call to {@link Kernel#links()} is counted: that is a reconcile.
 */
final class RuntimeLab implements AutoCloseable {
    final Lab lab;
    final String r;
    final String p;
    final EventLoop loop;
    final StatusBoard board = new StatusBoard();
    final DaemonRuntime runtime;
    final AtomicLong linkDumps = new AtomicLong();
    private final RtNetlinkKernel kernel;
    private final HookRunner hooks = new HookRunner("rt-hooks");
    private final ScheduledExecutorService peer = Executors.newSingleThreadScheduledExecutor();
    private PacketChannel peerChannel;

    private RuntimeLab(Lab lab) throws Exception {
        this.lab = lab;
        this.r = lab.addHost("r", false);
        this.p = lab.addHost("p", false);
        lab.veth(r, "eth0", p, "eth0");
        lab.in(r, "ip", "addr", "add", "192.0.2.2/24", "dev", "eth0");
        lab.in(p, "ip", "addr", "add", "192.0.2.3/24", "dev", "eth0");
        Object[] made = NetNamespace.callIn(r, () -> new Object[] {EventLoop.start("rt-loop"), RtNetlinkKernel.open()});
        this.loop = (EventLoop) made[0];
        this.kernel = (RtNetlinkKernel) made[1];
        Kernel counting = (Kernel) Proxy.newProxyInstance(Kernel.class.getClassLoader(), new Class<?>[] {Kernel.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("links") && method.getParameterCount() == 0) {
                        linkDumps.incrementAndGet();
                    }
                    try {
                        return method.invoke(kernel, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        this.runtime = new DaemonRuntime(loop, counting, board, List.of(), hooks, HookMetrics.NONE);
    }

    /** Builds the lab; skips (naming what is missing) without root or libpcap. */
    static RuntimeLab create() throws Exception {
        Lab.assumeAvailable();
        Assumptions.assumeTrue(Libpcap.isAvailable(), () -> "lab test needs libpcap (" + Libpcap.FIX + "): "
                + Libpcap.unavailabilityCause());
        Lab lab = Lab.create("rt");
        try {
            return new RuntimeLab(lab);
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    /** Applies {@code yaml} as a daemon would at start-up, checked against r's interfaces. */
    void apply(String yaml) throws Exception {
        VrrpdConfig config = NetNamespace.callIn(r, () -> ConfigLoader.withBuiltInHooks()
                .parse(Path.of("rt.yaml"), yaml, new SysfsInterfaceDirectory()));
        loop.runAndWait(() -> runtime.apply(config), 10, TimeUnit.SECONDS);
    }

    /** The peer on p advertises VRID 51 at {@code priority} every 100 ms from 192.0.2.3, until close. */
    void peerAdvertises(int priority) throws Exception {
        PacketInterface iface = NetNamespace.callIn(p, () -> PacketInterface.lookup("eth0"));
        peerChannel = NetNamespace.callIn(p, () -> PacketChannel.open(iface, PacketChannel.Options.defaults(),
                a -> { }));
        InetAddress source = InetAddress.getByName("192.0.2.3");
        byte[] payload = AdvertEncoder.encode(Advertisement.of(AddressFamily.IPV4, 51, priority, 10,
                InetAddress.getByName("192.0.2.1")), source.getAddress(), AddressFamily.IPV4.multicastGroup(),
                ChecksumForm.PSEUDO_HEADER);
        byte[] frame = VrrpFrames.advert(AddressFamily.IPV4, VirtualMac.of(AddressFamily.IPV4, 51).bytes(), source,
                payload, 0, payload.length);
        peer.scheduleAtFixedRate(() -> {
            try {
                peerChannel.send(frame);
            } catch (Exception e) {
                // the peer's link may be gone for a moment while the test re-creates it
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** The status of {@code name} now (board snapshot with live counters). */
    InstanceStatus status(String name) {
        return board.snapshot().instances().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** r's eth0 index. */
    int ifindex() throws Exception {
        return NetNamespace.callIn(r, () -> kernel.link("eth0").map(Link::index).orElseThrow());
    }

    /**
     * Deletes the veth pair and makes it again at once with the same names, index, MACs and
     * addresses: to the runtime's kernel view nothing changed, but every packet socket on the old
     * eth0 is dead.
     */
    void recreateLinkWithSameIndex() throws Exception {
        int index = ifindex();
        String mac = lab.ipJson(r, "link", "show", "eth0").get(0).path("address").asText();
        String peerMac = lab.ipJson(p, "link", "show", "eth0").get(0).path("address").asText();
        lab.in(r, "ip", "link", "del", "eth0");
        lab.in(r, "ip", "link", "add", "eth0", "index", Integer.toString(index), "address", mac, "type", "veth",
                "peer", "name", "eth0", "netns", p, "address", peerMac);
        lab.in(r, "ip", "link", "set", "eth0", "up");
        lab.in(p, "ip", "link", "set", "eth0", "up");
        lab.in(r, "ip", "addr", "add", "192.0.2.2/24", "dev", "eth0");
        lab.in(p, "ip", "addr", "add", "192.0.2.3/24", "dev", "eth0");
        PacketChannel old = peerChannel;
        PacketInterface iface = NetNamespace.callIn(p, () -> PacketInterface.lookup("eth0"));
        peerChannel = NetNamespace.callIn(p, () -> PacketChannel.open(iface, PacketChannel.Options.defaults(), a -> { }));
        if (old != null) {
            old.close();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            peer.shutdownNow();
            loop.runAndWait(() -> runtime.stop("lab closing"), 10, TimeUnit.SECONDS);
            if (peerChannel != null) {
                peerChannel.close();
            }
            loop.close();
            hooks.close();
            kernel.close();
        } finally {
            lab.close();
        }
    }
}
