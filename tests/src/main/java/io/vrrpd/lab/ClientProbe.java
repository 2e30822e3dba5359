package io.vrrpd.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client-observed outage: from the client namespace, {@code ping -D -O -i INTERVAL} to the
 * upstream target through the VIP (only ever 203.0.113.1 or 2001:db8:99::1), bounded in count
 * and time by ping itself ({@code -c}, {@code -w}). Stop it after the event; the result gives the
 * lost probes, the longest run of consecutive lost probes, and the longest gap between two
 * replies. The reply gap is the outage the client lives through: during a failover the kernel
 * queues probes while it re-resolves the VIP, so they arrive late rather than never, and the
 * loss count alone understates the outage.
 */
public final class ClientProbe implements AutoCloseable {
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+\\.\\d+)] \\d+ bytes from .*icmp_seq=(\\d+)");
    private static final Pattern NO_ANSWER = Pattern.compile("no answer yet for icmp_seq=(\\d+)");

    private final Family family;
    private final Duration interval;
    private final Process ping;
    private final Thread reader;
    private final TreeMap<Integer, Double> replies = new TreeMap<>();
    private final StringBuffer output = new StringBuffer();
    private int highestSeq;

    /** What the probe saw; {@code lost} counts only between the first and the last reply (see {@link #result()}). */
    public record Result(Duration interval, int sent, int received, int lost, int longestLossRun,
                         Duration longestReplyGap) {
        /** The client-observed outage: the longest time without a reply (one interval when all is well). */
        public Duration outage() {
            return longestReplyGap;
        }

        /** The longest run of lost probes times the interval (queued, late probes are not in it). */
        public Duration lossDuration() {
            return interval.multipliedBy(longestLossRun);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "outage (longest reply gap) %.3f s; sent %d, received %d, lost %d, "
                            + "longest loss run %d (%.3f s) at %d ms", longestReplyGap.toNanos() / 1e9, sent, received,
                    lost, longestLossRun, lossDuration().toNanos() / 1e9, interval.toMillis());
        }
    }

    private ClientProbe(Family family, Duration interval, Process ping) {
        this.family = family;
        this.interval = interval;
        this.ping = ping;
        this.reader = new Thread(this::read, "client-probe");
        reader.setDaemon(true);
        reader.start();
    }

    /** The target for a family: 203.0.113.1 or 2001:db8:99::1. */
    public static String target(Family family) {
        return family == Family.IPV4 ? BladeLab.TARGET4 : BladeLab.TARGET6;
    }

    /**
     * Starts probing from {@code clientNs} every {@code interval} (≥ 10 ms), for at most
     * {@code maxDuration}; {@link #stop()} ends it earlier.
     */
    public static ClientProbe start(String clientNs, Family family, Duration interval, Duration maxDuration) {
        if (interval.toMillis() < 10) {
            throw new IllegalArgumentException("interval " + interval + " (expected: at least 10 ms)");
        }
        LabFiles.requireTool("ping", "iputils-ping");
        long count = Math.max(1, maxDuration.toMillis() / interval.toMillis());
        long deadline = Math.max(1, (maxDuration.toMillis() + 999) / 1000);
        String seconds = String.format(Locale.ROOT, "%.3f", interval.toMillis() / 1000.0);
        try {
            Process p = new ProcessBuilder("ip", "netns", "exec", clientNs, "ping", family.flag(), "-n", "-D", "-O",
                    "-i", seconds, "-W", "1", "-c", Long.toString(count), "-w", Long.toString(deadline), target(family))
                    .redirectErrorStream(true).start();
            return new ClientProbe(family, interval, p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start ping in " + clientNs, e);
        }
    }

    /** One probe with a 1 s wait: does the client reach the target now? */
    public static boolean reachable(String clientNs, Family family) {
        return reachable(clientNs, family, target(family));
    }

    /** One probe to {@code target} with a 1 s wait: does the client reach it now? */
    public static boolean reachable(String clientNs, Family family, String target) {
        LabFiles.requireTool("ping", "iputils-ping");
        try {
            Process p = new ProcessBuilder("ip", "netns", "exec", clientNs, "ping", family.flag(), "-n", "-q",
                    "-c", "1", "-W", "1", target)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ping in " + clientNs, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(ping.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.append(line).append('\n');
                Matcher m = REPLY.matcher(line);
                if (m.find()) {
                    int seq = Integer.parseInt(m.group(2));
                    synchronized (replies) {
                        replies.putIfAbsent(seq, Double.parseDouble(m.group(1)));
                        highestSeq = Math.max(highestSeq, seq);
                    }
                    continue;
                }
                Matcher n = NO_ANSWER.matcher(line);
                if (n.find()) {
                    synchronized (replies) {
                        highestSeq = Math.max(highestSeq, Integer.parseInt(n.group(1)));
                    }
                }
            }
        } catch (IOException ignored) {
            // ping went away
        }
    }

    /** Replies so far (for waiting until the probe is flowing before an event). */
    public int received() {
        synchronized (replies) {
            return replies.size();
        }
    }

    /** Stops ping (SIGINT, so it ends cleanly), waits for its output, and evaluates it. */
    public Result stop() {
        if (ping.isAlive()) {
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(ping.pid())).start().waitFor(5, TimeUnit.SECONDS);
                if (!ping.waitFor(5, TimeUnit.SECONDS)) {
                    ping.destroyForcibly();
                }
            } catch (IOException e) {
                ping.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ping.destroyForcibly();
            }
        }
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return result();
    }

    /**
     * Evaluates what was read so far. Losses count only between the first and the last reply,
     * so probes still in flight when the probe stopped, or sent before the path was up, are not
     * counted as lost.
     */
    public Result result() {
        synchronized (replies) {
            int received = replies.size();
            int lost = 0;
            int longestRun = 0;
            double longestGap = 0;
            Integer prevSeq = null;
            Double prevTime = null;
            for (var e : replies.entrySet()) {
                int seq = e.getKey();
                double t = e.getValue();
                if (prevSeq != null) {
                    int run = seq - prevSeq - 1;
                    lost += run;
                    longestRun = Math.max(longestRun, run);
                    longestGap = Math.max(longestGap, t - prevTime);
                }
                prevSeq = seq;
                prevTime = t;
            }
            int sent = Math.max(highestSeq, prevSeq == null ? 0 : prevSeq);
            return new Result(interval, sent, received, lost, longestRun,
                    Duration.ofNanos(Math.round(longestGap * 1e9)));
        }
    }

    /** ping's raw output, for failure messages. */
    public String output() {
        return output.toString();
    }

    public Family family() {
        return family;
    }

    @Override
    public void close() {
        stop();
    }
}
