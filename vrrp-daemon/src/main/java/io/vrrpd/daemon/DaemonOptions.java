package io.vrrpd.daemon;

import java.nio.file.Path;

/**
 * What the command line gave the daemon. {@code metrics}, {@code socketGroup},
 * {@code operatorGroup}, {@code plugins} and {@code stateDir} (where it keeps what must survive a
 * restart) may be null. {@code takeOver}: take over from the vrrpd running on {@code socket}
 * ({@code vrrpd --take-over}) instead of starting beside it.
 */
public record DaemonOptions(Path config, Path socket, String socketGroup, String operatorGroup, String metrics, Path plugins,
                            Path stateDir, boolean takeOver) {
    /** Options of a daemon that starts normally. */
    public DaemonOptions(Path config, Path socket, String socketGroup, String operatorGroup, String metrics, Path plugins,
                         Path stateDir) {
        this(config, socket, socketGroup, operatorGroup, metrics, plugins, stateDir, false);
    }
}
