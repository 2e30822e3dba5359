package io.vrrpd.daemon.runtime;

import io.vrrpd.daemon.config.ConfigLoader;
import io.vrrpd.daemon.config.InterfaceDirectory;
import io.vrrpd.daemon.config.VrrpdConfig;
import io.vrrpd.daemon.instance.Instance;
import io.vrrpd.daemon.loop.ManualLoop;
import io.vrrpd.daemon.metrics.HookMetrics;
import io.vrrpd.daemon.status.StatusBoard;
import io.vrrpd.hooks.HookProvider;
import io.vrrpd.hooks.HookProviders;
import io.vrrpd.hooks.HookRunner;
import io.vrrpd.hooks.builtin.DefaultGatewayProvider;
import io.vrrpd.hooks.builtin.ExecHookProvider;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link DaemonRuntime} on fakes: a manual loop whose clock the test moves, a kernel in memory
 * ({@link FakeKernel}: lan0 and up0, each with an address of its own), and packet I/O that
 * records frames. Hooks are real hooks of the providers given, run on a real {@link HookRunner}.
 */
final class RuntimeOnFakes implements AutoCloseable {
    static final int LAN0 = 2;
    static final int UP0 = 3;
    /** Longer than any master-down interval at 1 s adverts: 3 s + skew. */
    static final Duration MASTER_DOWN = Duration.ofSeconds(4);
    static final Duration BOUND = Duration.ofSeconds(10);

    final ManualLoop loop = new ManualLoop();
    final FakeKernel kernel = new FakeKernel();
    final RecordingPacketIo packets = new RecordingPacketIo();
    final StatusBoard board = new StatusBoard();
    final AtomicInteger verifications = new AtomicInteger();
    final List<String> transitions = new ArrayList<>();
    private final HookRunner runner = new HookRunner("test-hooks");
    private final ConfigLoader loader;
    final DaemonRuntime runtime;

    RuntimeOnFakes(HookProvider<?>... extraHookTypes) throws Exception {
        kernel.addLink(1, "lo", "00:00:00:00:00:00");
        kernel.addLink(LAN0, "lan0", "52:54:00:00:00:02");
        kernel.addLink(UP0, "up0", "52:54:00:00:00:03");
        kernel.addOwnAddress(LAN0, ip("192.0.2.2"), 24);
        kernel.addOwnAddress(LAN0, ip("fe80::2"), 64);
        kernel.addOwnAddress(UP0, ip("198.51.100.2"), 24);
        List<HookProvider<?>> types = new ArrayList<>(List.of(new DefaultGatewayProvider(), new ExecHookProvider()));
        types.addAll(List.of(extraHookTypes));
        loader = new ConfigLoader(HookProviders.of(types));
        HookMetrics metrics = new HookMetrics() {
            @Override
            public void hookRun(String hook, String result, Duration duration) {
            }

            @Override
            public void egressVerification(String instance, boolean verified, Duration latency) {
                verifications.incrementAndGet();
            }
        };
        runtime = new DaemonRuntime(loop, kernel, packets, board,
                List.of((i, from, to, reason) -> transitions.add(i.name() + " " + from + "->" + to)), runner, metrics);
    }

    static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    VrrpdConfig config(String yaml) throws Exception {
        return loader.parse(Path.of("test.yaml"), yaml, InterfaceDirectory.of(kernel.links()));
    }

    void apply(String yaml) throws Exception {
        VrrpdConfig c = config(yaml);
        loop.runAndWait(() -> runtime.apply(c), 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** What {@code vrrpd --check} (online) says of {@code yaml} on this kernel's interfaces. */
    io.vrrpd.daemon.config.ConfigReport check(String yaml) {
        return loader.check(Path.of("test.yaml"), yaml, io.vrrpd.daemon.config.Host.of(InterfaceDirectory.of(kernel.links())));
    }

    /** Applies {@code yaml} loaded as the daemon loads it at start (an interface not present is the runtime's). */
    void applyAsDaemon(String yaml) throws Exception {
        var report = loader.check(Path.of("test.yaml"), yaml,
                io.vrrpd.daemon.config.Host.running(InterfaceDirectory.of(kernel.links())));
        if (!report.valid()) {
            throw new io.vrrpd.daemon.config.InvalidConfigException(report.problems());
        }
        loop.runAndWait(() -> runtime.apply(report.config()), 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Lets the master-down timers run out, with no peer: each of {@code names} reports MASTER (its VIPs are on). */
    void becomeMaster(String... names) {
        loop.advance(MASTER_DOWN);
        loop.runUntil(() -> java.util.Arrays.stream(names).allMatch(n -> state(n).equals("MASTER")), BOUND);
    }

    Instance instance(String name) {
        return runtime.instances().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    String state(String name) {
        return instance(name).reportedState().name();
    }

    int advertised(String name) {
        return instance(name).wantedPriority();
    }

    @Override
    public void close() {
        runtime.stop("test over");
        loop.runPending();
        runner.close();
    }
}
