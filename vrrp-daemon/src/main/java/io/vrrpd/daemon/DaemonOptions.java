package io.vrrpd.daemon;

import java.nio.file.Path;

/**
 * What the command line gave the daemon. {@code metrics}, {@code socketGroup},
 * {@code operatorGroup} and {@code plugins} may be null.
 */
public record DaemonOptions(Path config, Path socket, String socketGroup, String operatorGroup, String metrics, Path plugins) {
}
