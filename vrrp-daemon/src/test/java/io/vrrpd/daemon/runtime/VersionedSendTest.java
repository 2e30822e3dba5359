package io.vrrpd.daemon.runtime;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.packet.AdvertDecoder;
import io.vrrpd.core.packet.Authentication;
import io.vrrpd.core.packet.ChecksumForm;
import io.vrrpd.core.packet.DecodedAdvert;
import io.vrrpd.daemon.instance.InstanceCounters;
import io.vrrpd.daemon.instance.InstanceSpec;
import io.vrrpd.daemon.loop.ManualLoop;
import io.vrrpd.daemon.net.Announcer;
import io.vrrpd.daemon.net.PacketChannel;
import io.vrrpd.daemon.net.PacketInterface;
import io.vrrpd.daemon.net.ReceivedAdvert;
import io.vrrpd.daemon.net.VrrpFrames;
import io.vrrpd.hooks.kernel.Link;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The send side of a mixed-mode instance, on a fake kernel and packet I/O: each advert goes out as
 * a frame of its version (VRRPv3 with the configured checksum form; VRRPv2 with the password, whole
 * seconds and a checksum over the message alone), and once warmed up the periodic send allocates
 * nothing, in either version.
 */
class VersionedSendTest {
    private static final Authentication PASS = Authentication.simplePassword("secret12".getBytes(StandardCharsets.US_ASCII));
    private final FakeKernel kernel = new FakeKernel();
    private final ManualLoop loop = new ManualLoop();
    private final AddressWorker addresses = new AddressWorker();
    private final CountingIo io = new CountingIo();
    private InterfaceBinding binding;
    private WireInstancePorts ports;

    /** Packet I/O that keeps the last frame it was given (a copy) and counts them: nothing per frame. */
    private static final class CountingIo implements PacketIo {
        final byte[] last = new byte[256];
        int lastLength;
        long frames;

        @Override
        public Port open(PacketInterface iface, List<InetAddress> own, Set<AddressFamily> families,
                         PacketChannel.Listener receive) {
            return new Port() {
                @Override
                public void send(byte[] frame) {
                    System.arraycopy(frame, 0, last, 0, Math.min(frame.length, last.length));
                    lastLength = frame.length;
                    frames++;
                }

                @Override
                public PacketInterface iface() {
                    return iface;
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @AfterEach
    void close() {
        if (ports != null) {
            ports.close();
        }
        if (binding != null) {
            binding.dispose();
        }
    }

    private void mixedInstance(int intervalCs) throws Exception {
        Link lan0 = kernel.addLink(2, "lan0", "52:54:00:00:00:02");
        kernel.addOwnAddress(2, InetAddress.getByName("192.0.2.2"), 24);
        InstanceSpec spec = new InstanceSpec("gw4", AddressFamily.IPV4, 51, "lan0", 150, intervalCs, true, 0, true,
                List.of(InetAddress.getByName("192.0.2.1")), List.of(24), VrrpVersion.V3, true, 0, PASS);
        binding = new InterfaceBinding("lan0", io, (failed, failure) -> { });
        binding.open(kernel, lan0, Set.of(AddressFamily.IPV4), a -> a.address().getHostAddress().equals("192.0.2.1"));
        ports = new WireInstancePorts(spec, kernel, addresses, loop, ChecksumForm.PSEUDO_HEADER,
                Announcer.Settings.defaults(), Optional.empty(), List.of(), new InstanceCounters(), null);
        ports.bind(binding);
    }

    private DecodedAdvert lastFrame() throws Exception {
        byte[] frame = java.util.Arrays.copyOf(io.last, io.lastLength);
        ReceivedAdvert r = (ReceivedAdvert) VrrpFrames.parse(frame, frame.length, 0);
        return AdvertDecoder.decode(AdvertDecoder.V2_AND_V3, AddressFamily.IPV4, r.sourceAddress(),
                r.destinationAddress(), r.frame(), r.payloadOffset(), r.payloadLength());
    }

    @Test
    void eachAdvertIsAFrameOfItsVersion() throws Exception {
        mixedInstance(10);
        ports.sendAdvert(150, 10, VrrpVersion.V3);
        DecodedAdvert v3 = lastFrame();
        assertEquals(VrrpVersion.V3, v3.advert().version());
        assertEquals(10, v3.advert().maxAdvertInterval());
        assertEquals(ChecksumForm.PSEUDO_HEADER, v3.checksumForm(), "the configured IPv4 form");
        assertEquals(Authentication.NONE, v3.advert().authentication());

        ports.sendAdvert(150, 100, VrrpVersion.V2);
        DecodedAdvert v2 = lastFrame();
        assertEquals(VrrpVersion.V2, v2.advert().version());
        assertEquals(1, v2.advert().wireInterval(), "100 ms rounded up to the 1 s a VRRPv2 advert can say");
        assertEquals(PASS, v2.advert().authentication(), "the password, on the VRRPv2 advert only");
        assertEquals(ChecksumForm.NO_PSEUDO_HEADER, v2.checksumForm());
        assertEquals(v3.advert().encodedLength() + Authentication.DATA_LENGTH, v2.advert().encodedLength());

        ports.sendAdvert(0, 100, VrrpVersion.V2);
        assertEquals(0, lastFrame().advert().priority(), "a release in VRRPv2 too");
    }

    @Test
    void aVersionTheInstanceDoesNotSendIsAProgrammingError() throws Exception {
        Link lan0 = kernel.addLink(2, "lan0", "52:54:00:00:00:02");
        kernel.addOwnAddress(2, InetAddress.getByName("192.0.2.2"), 24);
        InstanceSpec v2only = new InstanceSpec("gw4", AddressFamily.IPV4, 51, "lan0", 150, 100, true, 0, true,
                List.of(InetAddress.getByName("192.0.2.1")), List.of(24), VrrpVersion.V2, false, 0, Authentication.NONE);
        binding = new InterfaceBinding("lan0", io, (failed, failure) -> { });
        binding.open(kernel, lan0, Set.of(AddressFamily.IPV4), a -> false);
        ports = new WireInstancePorts(v2only, kernel, addresses, loop, ChecksumForm.PSEUDO_HEADER,
                Announcer.Settings.defaults(), Optional.empty(), List.of(), new InstanceCounters(), null);
        ports.bind(binding);
        assertThrows(IllegalArgumentException.class, () -> ports.sendAdvert(150, 100, VrrpVersion.V3));
    }

    @Test
    void thePeriodicSendAllocatesNothingInEitherVersion() throws Exception {
        mixedInstance(10);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 2_000; i++) {   // warm up: the JIT, and the adverts of this priority
            ports.sendAdvert(150, 10, VrrpVersion.V3);
            ports.sendAdvert(150, 100, VrrpVersion.V2);
        }
        long thread = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 20_000; i++) {
            ports.sendAdvert(150, 10, VrrpVersion.V3);
            ports.sendAdvert(150, 100, VrrpVersion.V2);
        }
        long allocated = mx.getThreadAllocatedBytes(thread) - before;
        assertTrue(io.frames >= 44_000, "every advert was sent: " + io.frames);
        assertTrue(allocated < 4_096, allocated + " bytes allocated for 40,000 adverts (expected: none but the"
                + " measurement's own)");
    }
}
