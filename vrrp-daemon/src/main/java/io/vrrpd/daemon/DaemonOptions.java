package io.vrrpd.daemon;

import java.nio.file.Path;

/**
 * What the command line gave the daemon. {@code metrics}, {@code socketGroup},
 * {@code operatorGroup}, {@code plugins} and {@code stateDir} (where it keeps what must survive a
 * restart) may be null.
 */
public record DaemonOptions(Path config, Path socket, String socketGroup, String operatorGroup, String metrics, Path plugins,
                            Path stateDir) {
}
