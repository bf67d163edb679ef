package dev.vigil.daemon;

import dev.vigil.config.ConfigException;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.SecretLookup;
import dev.vigil.config.VigilConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil run --config FILE}: the recorder daemon, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Record the cameras of a config file until stopped (SIGTERM).")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, required = true, description = "The YAML config file.")
    Path config;

    @Override
    public Integer call() throws Exception {
        VigilConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println("vigil: " + e.getMessage());
            return 2;
        }
        return serve(loaded);
    }

    /** Runs the service until SIGTERM or SIGINT, then stops it cleanly and returns 0. */
    static int serve(VigilConfig config) throws Exception {
        Shutdown shutdown = new Shutdown();
        Service service;
        try {
            service = Service.start(config, SecretLookup.system());
        } catch (java.io.IOException | dev.vigil.storage.catalog.CatalogException | ConfigException e) {
            // Cannot start (port taken, storage not writable, catalog unreadable): one line, no stack trace.
            System.err.println("vigil: " + e.getMessage());
            return 1;
        }
        try (service) {
            shutdown.await();
            log.info("stopping: closing every segment");
        }
        return 0;
    }
}
