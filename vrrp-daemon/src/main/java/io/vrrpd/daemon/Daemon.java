package io.vrrpd.daemon;

import io.vrrpd.daemon.config.ConfigLoader;
import io.vrrpd.daemon.config.ConfigProblem;
import io.vrrpd.daemon.config.InvalidConfigException;
import io.vrrpd.daemon.config.PluginLoading;
import io.vrrpd.hooks.HookLoadException;
import io.vrrpd.daemon.config.Host;
import io.vrrpd.daemon.config.SysfsInterfaceDirectory;
import io.vrrpd.daemon.config.VrrpdConfig;
import io.vrrpd.daemon.control.ControlCommands;
import io.vrrpd.daemon.control.ControlLimits;
import io.vrrpd.daemon.control.ControlPolicy;
import io.vrrpd.daemon.control.ControlServer;
import io.vrrpd.daemon.host.HostCheck;
import io.vrrpd.daemon.host.HostProblem;
import io.vrrpd.daemon.host.NativeDirectory;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.metrics.MetricsEndpoint;
import io.vrrpd.daemon.metrics.MetricsServer;
import io.vrrpd.daemon.metrics.VrrpdMetrics;
import io.vrrpd.daemon.runtime.DaemonRuntime;
import io.vrrpd.daemon.status.StatusBoard;
import io.vrrpd.daemon.status.TransitionFeed;
import io.vrrpd.daemon.systemd.SystemdNotifier;
import io.vrrpd.hooks.HookRunner;
import io.vrrpd.hooks.kernel.TrustedPath;
import io.vrrpd.hooks.kernel.rtnetlink.KernelMonitor;
import io.vrrpd.hooks.kernel.rtnetlink.RtNetlinkKernel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import io.vrrpd.daemon.takeover.TakeOverPlan;

/**
 * The daemon's life: load and validate the config, open the kernel, start the event loop and
 * the runtime, serve the control socket, then wait for SIGTERM (graceful stop) or SIGHUP (reload),
 * or for {@code retire} from a {@code vrrpd --take-over} (exit leaving the kernel as it is).
 */
final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private Daemon() {
    }

    static ExitCode run(DaemonOptions options) throws InterruptedException {
        Optional<HostProblem> host = HostCheck.run();
        if (host.isPresent()) {
            System.err.println(host.get().line());
            return ExitCode.PRIVILEGES;
        }
        LOG.info("JNA's native library: {}", NativeDirectory.jnaStub());
        PluginLoading plugins;
        try {
            plugins = PluginLoading.from(options.plugins(), options.config());
        } catch (HookLoadException e) {
            System.err.println("vrrpd: hook plugins in " + options.plugins() + ": " + e.getMessage() + "; nothing was started");
            return ExitCode.CONFIG;
        }
        try (plugins) {
            return run(options, plugins.loader());
        }
    }

    private static ExitCode run(DaemonOptions options, ConfigLoader loader) throws InterruptedException {
        VrrpdConfig config;
        try {
            config = loader.loadFile(options.config(), Host.running(new SysfsInterfaceDirectory()));
        } catch (InvalidConfigException e) {
            System.err.println("vrrpd: " + options.config() + " is not valid; nothing was started:");
            for (ConfigProblem p : e.problems()) {
                System.err.println("  " + p);
            }
            return ExitCode.CONFIG;
        }
        ControlPolicy policy;
        try {
            policy = ControlPolicy.of(TrustedPath.effectiveUid(), options.operatorGroup());
        } catch (IOException e) {
            System.err.println("vrrpd: --operator-group " + options.operatorGroup() + ": " + e.getMessage());
            return ExitCode.CONFIG;
        }
        Optional<TakeOverPlan> takeOver = Optional.empty();
        if (options.takeOver()) {
            try {
                takeOver = TakeOver.plan(options.socket(), config);
            } catch (TakeOver.Refused e) {
                System.err.println("vrrpd: --take-over: " + e.getMessage() + "; nothing was started");
                return ExitCode.FAILURE;
            }
        }
        try {
            if (takeOver.isEmpty()) {
                ControlServer.checkPath(options.socket()); // before anything is started: nothing to undo
            }
        } catch (IOException e) {
            System.err.println("vrrpd: " + e.getMessage());
            return ExitCode.FAILURE;
        }
        java.net.InetSocketAddress metricsAt;
        try {
            metricsAt = options.metrics() == null ? null : MetricsEndpoint.parse(options.metrics());
        } catch (IllegalArgumentException e) {
            System.err.println("vrrpd: " + e.getMessage());
            return ExitCode.CONFIG;
        }

        CountDownLatch stop = new CountDownLatch(1);
        AtomicBoolean retired = new AtomicBoolean();
        StatusBoard board = new StatusBoard();
        TransitionFeed feed = new TransitionFeed();
        try (EventLoop loop = EventLoop.start("vrrpd-loop");
             HookRunner hookRunner = new HookRunner("vrrpd-hooks");
             RtNetlinkKernel kernel = RtNetlinkKernel.open()) {
            VrrpdMetrics metrics = new VrrpdMetrics(board, loop).bindJvmMetrics();
            SystemdNotifier systemd = SystemdNotifier.fromEnvironment(loop, board);
            DaemonRuntime runtime = new DaemonRuntime(loop, kernel, board, List.of(metrics, systemd,
                    (instance, from, to, reason) -> feed.publish(new TransitionFeed.Entry(instance.name(),
                            instance.spec().family().configName(), instance.spec().vrid(),
                            instance.status().lastTransition()))), hookRunner, metrics);
            if (options.stateDir() != null) {
                runtime.keepInterfaceStateIn(options.stateDir());
            }
            takeOver.ifPresent(runtime::takeOver);
            loop.runAndWait(() -> runtime.apply(config), 30, TimeUnit.SECONDS);
            KernelMonitor monitor = KernelMonitor.open(event -> loop.post(() -> runtime.onKernelEvent(event)));
            if (takeOver.isPresent()) {
                TakeOver.finish(options.socket(), takeOver.get(), loop, runtime);
            }
            ControlServer control;
            try {
                control = ControlServer.start(options.socket(), options.socketGroup(), policy, ControlLimits.DEFAULTS,
                        new ControlCommands(board, feed, loop, runtime, Vrrpd.Version.build(), () -> {
                            retired.set(true);
                            stop.countDown();
                        }));
            } catch (IOException e) {
                System.err.println("vrrpd: " + e.getMessage());
                loop.runAndWait(() -> runtime.stop("control socket unavailable"), 10, TimeUnit.SECONDS);
                monitor.close();
                return ExitCode.FAILURE;
            }
            MetricsServer metricsServer;
            try {
                metricsServer = metricsAt == null ? null : MetricsServer.start(metricsAt, metrics);
            } catch (IOException e) {
                System.err.println("vrrpd: " + e.getMessage());
                loop.runAndWait(() -> runtime.stop("metrics endpoint unavailable"), 10, TimeUnit.SECONDS);
                control.close();
                monitor.close();
                return ExitCode.FAILURE;
            }
            board.kernelHealth(() -> runtime.kernelHealth(monitor.health()));
            ConfigReload reload = new ConfigReload(options.config(),
                    () -> loader.loadFile(options.config(), Host.running(new SysfsInterfaceDirectory())), loop, runtime::apply,
                    systemd::reloading, systemd::ready);
            Signals.install(stop::countDown, reload::request);
            systemd.ready();
            LOG.info("vrrpd running: {} instance(s) from {}", config.instances().size(), options.config());
            stop.await();
            if (retired.get()) {
                LOG.info("retired: the vrrpd that took over runs the instances; their VIPs and routes stay in the kernel");
                reload.close();
                control.close();
                monitor.close();
                if (metricsServer != null) {
                    metricsServer.close();
                }
                systemd.close();
                return ExitCode.OK;
            }
            systemd.stopping();
            LOG.info("stopping: releasing mastership (priority 0) and removing what we installed");
            reload.close();
            loop.runAndWait(() -> runtime.stop("daemon stopping"), 10, TimeUnit.SECONDS);
            control.close();
            monitor.close();
            if (metricsServer != null) {
                metricsServer.close();
            }
            systemd.close();
        } catch (io.vrrpd.hooks.kernel.KernelException e) {
            System.err.println("vrrpd: " + e.getMessage());
            return ExitCode.PRIVILEGES;
        }
        LOG.info("stopped");
        return ExitCode.OK;
    }
}
