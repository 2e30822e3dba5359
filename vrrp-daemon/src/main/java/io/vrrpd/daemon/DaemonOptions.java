package io.vrrpd.daemon;

import java.nio.file.Path;

/** What the command line gave the daemon. {@code metrics} and {@code socketGroup} may be null. */
public record DaemonOptions(Path config, Path socket, String socketGroup, String metrics) {
}
