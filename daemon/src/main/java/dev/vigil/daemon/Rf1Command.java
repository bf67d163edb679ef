package dev.vigil.daemon;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vigil rf1}: tools for RF1 track files; does nothing without a subcommand. */
@Command(name = "rf1", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Inspect RF1 track files (.rf1i index + .rf1p packets).",
        subcommands = {Rf1DumpCommand.class, Rf1CheckCommand.class})
final class Rf1Command implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
