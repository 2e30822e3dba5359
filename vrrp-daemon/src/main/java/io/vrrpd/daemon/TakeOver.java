package io.vrrpd.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.daemon.config.VrrpdConfig;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.runtime.DaemonRuntime;
import io.vrrpd.daemon.takeover.HandoverDecoding;
import io.vrrpd.daemon.takeover.TakeOverClient;
import io.vrrpd.daemon.takeover.TakeOverPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code vrrpd --take-over} as the daemon's start runs it: before anything starts, ask the running
 * vrrpd for its state and plan what to adopt; once the adopted instances advertise from this
 * process, retire the old one and take its socket. The wire protocol is docs/control-socket.md's
 * {@code hand-over} and {@code retire}.
 */
final class TakeOver {
    private static final Logger LOG = LoggerFactory.getLogger(TakeOver.class);
    /** How long the old process may take to close its socket after it retired. */
    static final Duration SOCKET_RELEASE = Duration.ofSeconds(10);

    private TakeOver() {
    }

    /** The running daemon will not hand over: nothing was started, and it keeps running. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * What to adopt from the vrrpd on {@code socket}: empty when none runs there (start normally);
     * a plan that adopts nothing when its state is unreadable by this build (it is retired the
     * ordinary way, with a re-election, and every instance starts afresh).
     *
     * @throws Refused when a vrrpd runs there but does not hand over
     */
    static Optional<TakeOverPlan> plan(Path socket, VrrpdConfig config) throws Refused {
        TakeOverClient.Answer answer = TakeOverClient.ask(socket);
        if (answer instanceof TakeOverClient.Answer.NoneRunning none) {
            LOG.info("--take-over: {}; starting normally", none.why());
            return Optional.empty();
        }
        if (answer instanceof TakeOverClient.Answer.Refused refused) {
            throw new Refused(refused.why());
        }
        HandoverDecoding decoding = ((TakeOverClient.Answer.Received) answer).decoding();
        if (!(decoding instanceof HandoverDecoding.Accepted accepted)) {
            LOG.warn("--take-over: {}", decoding.fallbackReason());
            return Optional.of(TakeOverPlan.nothing(decoding.fallbackReason()));
        }
        TakeOverPlan plan = TakeOverPlan.of(accepted.state(), config);
        LOG.info("--take-over from {}: adopting {} of {} instance(s){}", accepted.state().build(), plan.adopted().size(),
                accepted.state().instances().size(), plan.adopted().isEmpty() ? "" : " (" + String.join(", ",
                        plan.adopted().keySet()) + ")");
        plan.afresh().forEach(line -> LOG.info("--take-over: {}", line));
        return Optional.of(plan);
    }

    /**
     * The runtime applied the config with {@code plan}: its adopted instances advertise from this
     * process. Retires the old process, waits for it to close {@code socket}, and lets the
     * instances held back start.
     */
    static void finish(Path socket, TakeOverPlan plan, EventLoop loop, DaemonRuntime runtime) throws InterruptedException {
        loop.runAndWait(() -> { }, 10, TimeUnit.SECONDS);   // every instance's start has run
        try {
            JsonNode retired = TakeOverClient.retire(socket, plan.adopted().keySet());
            LOG.info("--take-over: the old vrrpd retired: {}", retired.path("retired"));
        } catch (IOException e) {
            LOG.error("--take-over: {}; if it still runs, two daemons answer for its instances until it stops",
                    e.getMessage());
        }
        if (!TakeOverClient.awaitClosed(socket, SOCKET_RELEASE)) {
            LOG.error("--take-over: the old vrrpd still answers on {} after {}", socket, SOCKET_RELEASE);
        }
        loop.runAndWait(runtime::takeOverDone, 10, TimeUnit.SECONDS);
    }
}
