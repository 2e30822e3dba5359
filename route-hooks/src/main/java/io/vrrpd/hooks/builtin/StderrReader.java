package io.vrrpd.hooks.builtin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Drains an exec program's stderr (so it never blocks on a full pipe) and keeps its first bytes. */
final class StderrReader extends Thread {
    private static final int KEPT = 4096;
    private final InputStream in;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    StderrReader(InputStream in) {
        super("exec-stderr");
        setDaemon(true);
        this.in = in;
    }

    @Override
    public void run() {
        byte[] buf = new byte[1024];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (kept) {
                    int room = KEPT - kept.size();
                    if (room > 0) {
                        kept.write(buf, 0, Math.min(room, n));
                    }
                }
            }
        } catch (IOException ignored) {
            // the stream closes when the program ends
        }
    }

    /** The first line written, waiting briefly for the reader to catch up after exit. */
    String firstLine(Duration wait) {
        try {
            join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String text;
        synchronized (kept) {
            text = kept.toString(StandardCharsets.UTF_8);
        }
        int nl = text.indexOf('\n');
        return (nl >= 0 ? text.substring(0, nl) : text).strip();
    }
}
