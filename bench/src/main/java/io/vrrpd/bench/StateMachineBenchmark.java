package io.vrrpd.bench;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.fsm.Effect;
import io.vrrpd.core.fsm.Event;
import io.vrrpd.core.fsm.ProtocolState;
import io.vrrpd.core.fsm.RouterConfig;
import io.vrrpd.core.fsm.TimerKind;
import io.vrrpd.core.fsm.VirtualRouter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Events per second through {@link VirtualRouter} on the steady-state paths that run once per
 * advert interval per instance: a Backup receiving its Master's advert, a Master's Adver_Timer
 * firing, and a Master answering a lower-priority advert at once. The clock starts just below
 * {@code Long.MAX_VALUE} so every run crosses the wrap.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar StateMachineBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s -prof gc}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StateMachineBenchmark {

    static final long SEC = 1_000_000_000L;
    static final byte[] SELF = {(byte) 192, 0, 2, 10};
    static final byte[] PEER = {(byte) 192, 0, 2, 20};

    /** A Backup (priority 100) that has adopted a priority-200 Master. */
    @State(Scope.Thread)
    public static class BackupState {
        VirtualRouter router;
        Event advert;
        long now;

        @Setup(Level.Trial)
        public void setUp() {
            router = new VirtualRouter(
                    new RouterConfig(AddressFamily.IPV4, 51, 100, 100, true, 0, false, SELF));
            now = Long.MAX_VALUE - 1_000_000 * SEC;
            router.handle(new Event.Startup(), now);
            advert = new Event.AdvertReceived(PEER, 200, 100);
            if (router.state() != ProtocolState.BACKUP) {
                throw new IllegalStateException(router.toString());
            }
        }
    }

    /** A Master (the address owner, priority 255) whose Adver_Timer fires every second. */
    @State(Scope.Thread)
    public static class MasterState {
        VirtualRouter router;
        Event fired;
        Event lowerAdvert;
        long now;

        @Setup(Level.Trial)
        public void setUp() {
            router = new VirtualRouter(
                    new RouterConfig(AddressFamily.IPV4, 51, 255, 100, true, 0, true, SELF));
            now = Long.MAX_VALUE - 1_000_000 * SEC;
            router.handle(new Event.Startup(), now);
            fired = new Event.TimerFired(TimerKind.ADVER);
            lowerAdvert = new Event.AdvertReceived(PEER, 100, 100);
            if (router.state() != ProtocolState.MASTER) {
                throw new IllegalStateException(router.toString());
            }
        }
    }

    @Benchmark
    public List<Effect> backupReceivesAdvert(BackupState s) {
        s.now += SEC;
        return s.router.handle(s.advert, s.now);
    }

    @Benchmark
    public List<Effect> masterAdverTimerFires(MasterState s) {
        s.now += SEC;
        return s.router.handle(s.fired, s.now);
    }

    /** One lower-priority advert per second: the Master answers once per holdoff (one interval, here 1 s). */
    @Benchmark
    public List<Effect> masterAnswersLowerAdvert(MasterState s) {
        s.now += SEC;
        return s.router.handle(s.lowerAdvert, s.now);
    }
}
