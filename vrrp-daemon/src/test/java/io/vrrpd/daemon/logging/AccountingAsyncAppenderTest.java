package io.vrrpd.daemon.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon's async appender, as logback.xml configures it (never blocking), in front of an
 * output that stalls (a stuck journald, a full pipe): the logging thread never waits, and WARN
 * and ERROR lines that do not fit are counted and reported once the output moves again.
 */
class AccountingAsyncAppenderTest {
    /** An output that holds every line until released, as a stalled stderr would. */
    private static final class StalledOutput extends AppenderBase<ILoggingEvent> {
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent e) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            lines.add(e.getLevel() + " " + e.getFormattedMessage());
        }
    }

    @Test
    void warningsThatDoNotFitAreCountedAndReportedNeverLostInSilence() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        StalledOutput out = new StalledOutput();
        out.setContext(context);
        out.start();
        AsyncAppender async = new AccountingAsyncAppender();
        async.setContext(context);
        async.setQueueSize(8);
        async.setNeverBlock(true);
        async.addAppender(out);
        async.start();
        Logger log = context.getLogger("test");
        log.addAppender(async);
        log.setAdditive(false);
        long before = AccountingAsyncAppender.dropped(true);

        for (int n = 0; n < 50; n++) {
            log.warn("advert not sent {}", n);   // never blocks: the output is stalled
        }
        out.release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> out.lines.size() >= 8);
        log.warn("after the stall");
        await().atMost(Duration.ofSeconds(5)).until(() -> out.lines.stream().anyMatch(l -> l.contains("after the stall")));
        async.stop();

        long dropped = AccountingAsyncAppender.dropped(true) - before;
        assertTrue(dropped > 0, "the queue of 8 overflowed: " + out.lines);
        assertEquals(50 - dropped, out.lines.stream().filter(l -> l.contains("advert not sent")).count(),
                "every line is either written or counted");
        List<String> reports = out.lines.stream().filter(l -> l.contains("were dropped")).toList();
        assertEquals(1, reports.size(), out.lines::toString);
        assertTrue(reports.get(0).startsWith(Level.WARN + " " + dropped + " log line(s) were dropped"), reports.get(0));
        assertTrue(reports.get(0).contains(dropped + " WARN/ERROR, 0 INFO/DEBUG"), reports.get(0));
    }
}
