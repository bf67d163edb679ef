package dev.vigil.daemon;

import dev.vigil.config.ConfigException;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.recovery.ArchiveVerifier;
import dev.vigil.storage.recovery.RecoveryReport;
import dev.vigil.storage.recovery.StartupRecovery;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil verify --config FILE [--repair]}: checks the catalog against the disk and every
 * segment's RF1 validity; exits 1 on any problem. With {@code --repair} it first does what startup
 * recovery does (run it with the daemon stopped).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check the catalog against the disk and every segment; --repair fixes what recovery can (daemon stopped).")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "The YAML config file.")
    Path config;

    @Option(names = "--repair", description = "Close segments left open, register unknown files, mark rows whose files are gone.")
    boolean repair;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        VigilConfig c;
        try {
            c = ConfigLoader.load(config);
        } catch (ConfigException e) {
            err.println("vigil: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (!Files.isDirectory(c.storageRoot())) {
            err.println("vigil: storage root " + c.storageRoot() + " does not exist: nothing recorded yet?");
            err.flush();
            return 1;
        }
        try (Catalog catalog = Catalog.open(c.catalogUrl())) {
            if (repair) {
                RecoveryReport r = new StartupRecovery(c.storageRoot(), catalog, 4, System::nanoTime).run();
                out.println(r.summary());
                r.problems().forEach(p -> out.println("PROBLEM " + p));
            }
            ArchiveVerifier.Report report = ArchiveVerifier.verify(c.storageRoot(), catalog);
            report.problems().forEach(p -> out.println("PROBLEM " + p));
            report.warnings().forEach(w -> out.println("WARN " + w));
            out.println("verified " + report.segments() + " segments on disk and " + report.rows() + " catalog rows: "
                    + report.problems().size() + " problems, " + report.warnings().size() + " warnings");
            out.flush();
            return report.problems().isEmpty() ? 0 : 1;
        }
    }
}
