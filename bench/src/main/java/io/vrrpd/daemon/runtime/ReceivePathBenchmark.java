package io.vrrpd.daemon.runtime;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.packet.AdvertEncoder;
import io.vrrpd.core.packet.Advertisement;
import io.vrrpd.core.packet.ChecksumForm;
import io.vrrpd.core.packet.OwnerPolicy;
import io.vrrpd.core.packet.ReceiveExpectations;
import io.vrrpd.daemon.instance.Instance;
import io.vrrpd.daemon.instance.InstanceCounters;
import io.vrrpd.daemon.instance.InstancePorts;
import io.vrrpd.daemon.instance.InstanceSpec;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.net.ReceivedAdvert;
import io.vrrpd.daemon.net.VrrpFrames;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One received advert on the daemon's receive path, as a receive thread runs it: decode (tier 1),
 * find the instance, check (tier 2), count, and hand it to the event loop, whose thread runs
 * alongside and feeds it to a Backup's state machine. The frame is one the Master sends every
 * interval (IPv4, one VIP, priority 200). In package {@code runtime} for the package-private
 * {@code ReceivePath}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReceivePathBenchmark {
    private EventLoop loop;
    private ReceivePath path;
    private ReceivedAdvert frame;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        loop = EventLoop.start("bench-loop");
        InetAddress vip = InetAddress.getByName("192.0.2.1");
        InstanceSpec spec = new InstanceSpec("gw4", AddressFamily.IPV4, 51, "eth0", 100, 100, true, 0, true,
                List.of(vip), List.of(24));
        Instance instance = new Instance(spec, loop, InstancePorts.NONE, List.of(), new InstanceCounters());
        path = new ReceivePath("eth0");
        path.route(AddressFamily.IPV4, 51, new InstanceReceiver(instance, loop,
                new ReceiveExpectations(AddressFamily.IPV4, 51, List.of(vip), false, OwnerPolicy.LOG_AND_PROCESS)));
        loop.runAndWait(() -> instance.interfaceReady(new byte[] {(byte) 192, 0, 2, 2}, "eth0"), 5, TimeUnit.SECONDS);
        InetAddress master = InetAddress.getByName("192.0.2.3");
        byte[] payload = AdvertEncoder.encode(Advertisement.of(AddressFamily.IPV4, 51, 200, 100, vip), master.getAddress(),
                AddressFamily.IPV4.multicastGroup(), ChecksumForm.PSEUDO_HEADER);
        byte[] f = VrrpFrames.advert(AddressFamily.IPV4, new byte[] {2, 0, 0, 0, 2, 0}, master, payload, 0, payload.length);
        frame = (ReceivedAdvert) VrrpFrames.parse(f, f.length, 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    /** The Master's advert reaches a Backup: the whole receive side of one advert. */
    @Benchmark
    public void backupReceivesMastersAdvert() {
        path.onAdvert(frame);
    }
}
