package io.vrrpd.daemon.track;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The file and process checks: plain reads, cheap enough to poll, never on the event loop. */
final class Probes {
    /** Files larger than this are not tracking files. */
    private static final long MAX_FILE = 4096;

    private Probes() {
    }

    /** The integer in {@code file} (surrounding white space ignored), or failing with why not. */
    static TrackerReading file(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_FILE) {
                return TrackerReading.failing(file + " is larger than " + MAX_FILE + " bytes");
            }
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (java.nio.file.NoSuchFileException e) {
            return TrackerReading.failing(file + " does not exist");
        } catch (IOException | RuntimeException e) {
            return TrackerReading.failing("cannot read " + file + ": " + e.getMessage());
        }
        try {
            long v = Long.parseLong(text);
            return new TrackerReading(TrackerReading.Health.OK, v, "reads " + v);
        } catch (NumberFormatException e) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            return TrackerReading.failing(file + " holds no integer (\"" + shown + "\")");
        }
    }

    /**
     * Whether a process called {@code name} runs, from {@code proc} (/proc): its {@code comm}
     * (which the kernel cuts to 15 bytes), or for a longer name the file name of its first argument.
     */
    static TrackerReading process(Path proc, String name) {
        int found = 0;
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> isPid(p.getFileName().toString()))) {
            for (Path pid : pids) {
                if (named(pid, name)) {
                    found++;
                }
            }
        } catch (IOException e) {
            return TrackerReading.failing("cannot list " + proc + ": " + e.getMessage());
        }
        return found > 0 ? TrackerReading.ok(found + (found == 1 ? " process" : " processes"))
                : TrackerReading.failing("no process " + name);
    }

    private static boolean named(Path pid, String name) {
        try {
            if (name.length() <= 15) {
                return Files.readString(pid.resolve("comm"), StandardCharsets.UTF_8).strip().equals(name);
            }
            byte[] cmdline = Files.readAllBytes(pid.resolve("cmdline"));
            int end = 0;
            while (end < cmdline.length && cmdline[end] != 0) {
                end++;
            }
            String arg0 = new String(cmdline, 0, end, StandardCharsets.UTF_8);
            return arg0.substring(arg0.lastIndexOf('/') + 1).equals(name);
        } catch (IOException | RuntimeException e) {
            return false;   // it ended while we looked
        }
    }

    private static boolean isPid(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
