package io.vrrpd.daemon.host;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real launcher {@code bin/vrrpd}, run from this build's classes ({@code VRRPD_CLASSPATH})
 * with this JVM's {@code java}, optionally under a wrapper command ({@code unshare},
 * {@code setpriv}, {@code ip netns exec}) that is given first.
 */
public final class Launcher {
    private Launcher() {
    }

    /** The repository root (the folder that holds {@code bin/vrrpd}). */
    public static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/vrrpd"))) {
                return p;
            }
        }
        throw new IllegalStateException("no bin/vrrpd above " + Path.of("").toAbsolutePath());
    }

    /** This test JVM's class path, as surefire gives it to the tests. */
    public static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** {@code wrapper... bin/vrrpd args...}, with this JVM's java first on the PATH and the build's classes. */
    public static ProcessBuilder command(List<String> wrapper, String classpath, String... args) {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(root().resolve("bin/vrrpd").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                + pb.environment().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
        pb.environment().put("VRRPD_CLASSPATH", classpath);
        pb.environment().put("JAVA_OPTS", "-Xmx128m");
        pb.environment().remove("NOTIFY_SOCKET");
        return pb;
    }

    /** How a run ended. */
    public record Exit(int code, String stdout, String stderr) {
        /** The non-blank lines vrrpd wrote to standard error. */
        public List<String> errorLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + code + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** How to start a process: {@link ProcessBuilder#start}, or with something taken away first. */
    public interface Starter {
        Process start(ProcessBuilder pb) throws IOException, InterruptedException;
    }

    /** Runs {@code pb} to its end, within {@code bound}; a process still running then is killed and reported. */
    public static Exit run(ProcessBuilder pb, Duration bound) throws IOException, InterruptedException {
        return run(pb, bound, ProcessBuilder::start);
    }

    /** {@link #run(ProcessBuilder, Duration)}, started by {@code starter}. */
    public static Exit run(ProcessBuilder pb, Duration bound, Starter starter) throws IOException, InterruptedException {
        Path out = Files.createTempFile("vrrpd-out", ".txt");
        Path err = Files.createTempFile("vrrpd-err", ".txt");
        try {
            Process p = starter.start(pb.redirectOutput(out.toFile()).redirectError(err.toFile()));
            if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("vrrpd was still running after " + bound + ":\n"
                        + new Exit(-1, Files.readString(out), Files.readString(err)));
            }
            return new Exit(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
