package dev.vigil.daemon;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vigil}: the daemon's command line. Each command is its own class; this one only dispatches. */
@Command(name = "vigil", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Vigil network video recorder.", subcommands = {
                RunCommand.class,
                DemoCommand.class,
                CheckConfigCommand.class,
                ProbeCommand.class,
                VerifyCommand.class,
                Rf1Command.class,
                dev.vigil.daemon.api.ExportCommand.class,
                dev.vigil.daemon.crash.CrashLoopCommand.class,
                BenchCommand.class,
                SoakCommand.class,
                FaultsCommand.class,
        })
public final class Main implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // Netty's object recycler (pooled slices, frames) costs more than it saves here: its
        // cross-thread queues were 8 % of the event loop at 64 cameras, against allocation
        // that the JIT makes a pointer bump. Set before any Netty class loads; -D still overrides.
        if (System.getProperty("io.netty.recycler.maxCapacityPerThread") == null) {
            System.setProperty("io.netty.recycler.maxCapacityPerThread", "0");
        }
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
