package dev.vigil.daemon;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vigil faults}: scripted faults against simulated cameras recorded by the real recording
 * path, one table row per scenario with the faulted camera's time-to-recording-again and what the
 * other cameras lost (nothing, or the verdict is FAIL). Exit 1 on any FAIL.
 */
@Command(name = "faults", mixinStandardHelpOptions = true,
        description = "Inject faults into simulated cameras and measure how the recorder copes.")
final class FaultsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", description = "A scenario to run (repeatable): ${COMPLETION-CANDIDATES}.",
            completionCandidates = Names.class)
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--all", description = "Run every scenario.")
    boolean all;

    @Option(names = "--cameras", defaultValue = "4", description = "Simulated cameras per run, camera 1 faulted (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--long", description = "The issue's durations (a 30 s stall, a minute of loss...) instead of the short ones.")
    boolean full;

    @Option(names = "--work", description = "Where the runs record (default: a new temporary directory, kept).")
    Path work;

    static final class Names extends ArrayList<String> {
        Names() {
            super(FaultScenarios.names());
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FaultTiming timing = full ? FaultTiming.LONG : FaultTiming.SHORT;
        List<FaultScenario> chosen = choose(FaultScenarios.all(timing));
        if (cameras < 2) throw new ParameterException(spec.commandLine(), "--cameras must be at least 2: the faulted one and another");
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("vigil-faults");
        out.println("fault runs in " + dir + " (" + cameras + " cameras, " + (full ? "long" : "short") + " form)");
        FaultTable.header(out);
        FaultRunner runner = new FaultRunner(cameras, timing, Clock.systemUTC(), System::nanoTime);
        boolean failed = false;
        for (FaultScenario s : chosen) {
            if (s.setup().fullDisk() && !FaultDisk.mayMount()) {
                // A real full disk is a tmpfs of its own, and only root mounts one.
                out.printf("%-18s not run: it mounts a tmpfs, which needs root%n", s.name());
                continue;
            }
            FaultOutcome o;
            try {
                o = runner.run(s, Files.createDirectories(dir.resolve(s.name())));
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(FaultsCommand.class).error("scenario {} could not run", s.name(), e);
                out.printf("%-18s could not run: %s%n", s.name(), e.getMessage());
                out.flush();
                failed = true;
                continue;
            }
            FaultTable.row(out, o);
            failed |= !o.passed();
        }
        return failed ? 1 : 0;
    }

    private List<FaultScenario> choose(List<FaultScenario> every) {
        if (all) return every;
        if (scenarios.isEmpty()) throw new ParameterException(spec.commandLine(), "name a --scenario or give --all: " + FaultScenarios.names());
        List<FaultScenario> chosen = new ArrayList<>();
        for (String name : scenarios) {
            chosen.add(every.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new ParameterException(spec.commandLine(), "no scenario " + name + "; there are " + FaultScenarios.names())));
        }
        return chosen;
    }
}
