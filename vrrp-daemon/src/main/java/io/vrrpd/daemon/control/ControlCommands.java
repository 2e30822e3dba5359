package io.vrrpd.daemon.control;

import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.runtime.DaemonRuntime;
import io.vrrpd.daemon.status.StatusBoard;
import io.vrrpd.daemon.status.TransitionFeed;
import io.vrrpd.daemon.takeover.HandoverCodec;
import io.vrrpd.daemon.takeover.HandoverState;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The commands the control socket serves, answered from the running daemon. {@code status} and
 * {@code watch} never wait on the event loop; {@code drain}, {@code undrain}, {@code hand-over} and
 * {@code retire} run on it and answer when done.
 */
public final class ControlCommands implements ControlHandler {
    private final StatusBoard board;
    private final TransitionFeed feed;
    private final EventLoop loop;
    private final DaemonRuntime runtime;
    /** This build, for the hand-over's log lines. */
    private final String build;
    /** Run once {@code retire} has stopped the runtime and its answer was sent: the daemon exits. */
    private final Runnable retired;

    public ControlCommands(StatusBoard board, TransitionFeed feed, EventLoop loop, DaemonRuntime runtime) {
        this(board, feed, loop, runtime, "vrrpd", () -> { });
    }

    /** Commands that also hand the daemon over to a {@code vrrpd --take-over} and run {@code retired} after {@code retire}. */
    public ControlCommands(StatusBoard board, TransitionFeed feed, EventLoop loop, DaemonRuntime runtime, String build,
                           Runnable retired) {
        this.board = board;
        this.feed = feed;
        this.loop = loop;
        this.runtime = runtime;
        this.build = build;
        this.retired = retired;
    }

    @Override
    public CompletableFuture<Object> handle(ControlCommand command, Selection selection) {
        return switch (command) {
            case STATUS -> CompletableFuture.completedFuture(board.snapshot());
            case DRAIN -> onLoop(runtime::drain, selection, "drained");
            case UNDRAIN -> onLoop(runtime::undrain, selection, "undrained");
            // encoded off the loop: the first use of the codec loads classes for hundreds of ms
            case HAND_OVER -> onLoop(() -> runtime.handOverState(build)).thenApplyAsync(s -> handOverTree((HandoverState) s));
            case RETIRE -> CompletableFuture.failedFuture(new IllegalArgumentException("retire takes its instances"));
            case WATCH -> CompletableFuture.failedFuture(new IllegalArgumentException("watch streams; it has no answer"));
        };
    }

    @Override
    public CompletableFuture<Object> retire(List<String> adopted) {
        return onLoop(() -> Map.of("retired", runtime.retire(adopted)));
    }

    @Override
    public void retireAnswered() {
        retired.run();
    }

    /** The hand-over exactly as its codec writes it, so that the reader checks the version it wrote. */
    private static Object handOverTree(HandoverState state) {
        try {
            return ControlProtocol.JSON.readTree(HandoverCodec.encode(state));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("hand-over state not readable as JSON", e);
        }
    }

    private CompletableFuture<Object> onLoop(java.util.function.Supplier<Object> work) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        loop.post(() -> {
            try {
                answer.complete(work.get());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    @Override
    public AutoCloseable subscribe(Executor executor, Consumer<Object> events) {
        return feed.subscribe(executor, events::accept);
    }

    /** Runs {@code action} on the loop; the runtime takes an empty list for every instance. */
    private CompletableFuture<Object> onLoop(Function<List<String>, List<String>> action, Selection selection, String key) {
        List<String> names = selection.all() ? List.of() : selection.names();
        return onLoop(() -> Map.of(key, action.apply(names)));
    }
}
