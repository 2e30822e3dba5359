package io.vrrpd.daemon.ctl;

import io.vrrpd.daemon.config.ConfigCheck;
import io.vrrpd.daemon.config.SysfsInterfaceDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vrrpctl validate FILE}: exactly {@code vrrpd --check --config FILE}. */
@Command(name = "validate", description = "Validate a configuration as vrrpd --check does: exit 0 when valid, 2 with every problem listed.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The YAML configuration.")
    Path file;

    @Override
    public Integer call() {
        return ConfigCheck.run(file, new SysfsInterfaceDirectory(), System.out, System.err);
    }
}
