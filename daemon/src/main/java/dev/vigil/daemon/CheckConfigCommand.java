package dev.vigil.daemon;

import dev.vigil.config.CameraConfig;
import dev.vigil.config.ConfigException;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.SecretLookup;
import dev.vigil.config.VigilConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil check-config FILE}: validates, checks that every secret can be read, prints the effective config masked. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate a config file and print the effective configuration, secrets masked.")
final class CheckConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The YAML config file.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            VigilConfig config = ConfigLoader.load(file);
            for (CameraConfig c : config.enabledCameras()) c.resolvePassword(SecretLookup.system());
            out.print(config.toMaskedYaml());
            out.flush();
            return 0;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
    }
}
