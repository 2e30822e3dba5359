package io.vrrpd.rehearse.run;

import io.vrrpd.rehearse.measure.BladeSample;
import io.vrrpd.rehearse.measure.Sample;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples every blade every probe interval on a thread of its own. Each sample carries the time
 * it was taken (the middle of its reads) and how long it took, not the time it was due: when
 * the machine is busy, samples come late and the report says so. A late sample is not made up
 * for: the next one is due an interval after it.
 */
final class Sampler implements AutoCloseable {
    private final List<BladeRuntime> blades;
    private final ClientView client;
    private final long interval;
    private final RunClock clock;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Sample latest;
    private volatile long cpuNanos;
    private volatile long wallNanos;

    Sampler(List<BladeRuntime> blades, ClientView client, Duration interval, RunClock clock) {
        this.blades = List.copyOf(blades);
        this.client = client;
        this.interval = interval.toNanos();
        this.clock = clock;
        this.thread = new Thread(this::loop, "rehearsal-sampler");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : 0;
        long wall0 = System.nanoTime();
        long next = System.nanoTime();
        while (running) {
            long from = clock.now();
            var via = client.via();
            long viaAt = (from + clock.now()) / 2;
            Map<String, BladeSample> m = new LinkedHashMap<>();
            for (BladeRuntime b : blades) {
                m.put(b.name(), b.sample(clock));
            }
            long to = clock.now();
            Sample s = new Sample(from, to - from, m, via, viaAt);
            synchronized (samples) {
                samples.add(s);
            }
            latest = s;
            cpuNanos = mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() - cpu0 : 0;
            wallNanos = System.nanoTime() - wall0;
            next += interval;
            long now = System.nanoTime();
            if (next <= now) {
                next = now + interval;
            }
            LockSupport.parkNanos(next - now);
        }
    }

    /** Takes the next sample now (after a blade's power changed: its moment is then on record at once). */
    void sampleNow() {
        LockSupport.unpark(thread);
    }

    /** The newest sample, or null before the first. */
    Sample latest() {
        return latest;
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The sampler thread's CPU time so far, and the wall time it has run. */
    long cpuNanos() {
        return cpuNanos;
    }

    long wallNanos() {
        return wallNanos;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
