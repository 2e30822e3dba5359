package io.vrrpd.daemon.control;

import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.runtime.DaemonRuntime;
import io.vrrpd.daemon.status.StatusBoard;
import io.vrrpd.daemon.status.TransitionFeed;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The commands the control socket serves, answered from the running daemon. {@code status} and
 * {@code watch} never wait on the event loop; {@code drain} and {@code undrain} run on it and
 * answer when done.
 */
public final class ControlCommands implements ControlHandler {
    private final StatusBoard board;
    private final TransitionFeed feed;
    private final EventLoop loop;
    private final DaemonRuntime runtime;

    public ControlCommands(StatusBoard board, TransitionFeed feed, EventLoop loop, DaemonRuntime runtime) {
        this.board = board;
        this.feed = feed;
        this.loop = loop;
        this.runtime = runtime;
    }

    @Override
    public CompletableFuture<Object> handle(ControlCommand command, Selection selection) {
        return switch (command) {
            case STATUS -> CompletableFuture.completedFuture(board.snapshot());
            case DRAIN -> onLoop(runtime::drain, selection, "drained");
            case UNDRAIN -> onLoop(runtime::undrain, selection, "undrained");
            case WATCH -> CompletableFuture.failedFuture(new IllegalArgumentException("watch streams; it has no answer"));
        };
    }

    @Override
    public AutoCloseable subscribe(Executor executor, Consumer<Object> events) {
        return feed.subscribe(executor, events::accept);
    }

    /** Runs {@code action} on the loop; the runtime takes an empty list for every instance. */
    private CompletableFuture<Object> onLoop(Function<List<String>, List<String>> action, Selection selection, String key) {
        List<String> names = selection.all() ? List.of() : selection.names();
        CompletableFuture<Object> answer = new CompletableFuture<>();
        loop.post(() -> {
            try {
                answer.complete(Map.of(key, action.apply(names)));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }
}
