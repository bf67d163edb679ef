package dev.vigil.daemon;

import dev.vigil.storage.rf1.TrackCheck;
import dev.vigil.storage.rf1.TrackCheck.Finding;
import dev.vigil.storage.rf1.TrackCheck.Severity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil rf1 check PATH...}: validates tracks and archive directories. Prints one line per
 * finding and a summary; the exit code says whether anything is wrong, for scripts and monitoring.
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Validate RF1 tracks: header, clean close, entries, start codes, flags, limits.",
                "Directories are searched recursively for *.rf1i; an .rf1p without its .rf1i is a problem.",
                "Exit code 1 if any problem was found (or, with --strict, any warning), else 0."})
final class Rf1CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "a track file (.rf1i or .rf1p) or a directory")
    List<Path> paths;

    @Option(names = "--strict", description = "fail on warnings too (e.g. a segment that was not closed cleanly)")
    boolean strict;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TrackFinder finder = new TrackFinder();
        for (Path p : paths) finder.add(p);
        int problems = 0;
        int warnings = 0;
        for (TrackFinder.Unreadable u : finder.unreadable()) {
            out.println("PROBLEM " + u.path() + ": " + u.problem());
            problems++;
        }
        for (Path track : finder.tracks()) {
            for (Finding f : TrackCheck.check(track)) {
                boolean problem = f.severity() == Severity.PROBLEM;
                out.println((problem ? "PROBLEM " : "WARN ") + track + ": " + f.message());
                if (problem) problems++;
                else warnings++;
            }
        }
        out.println("checked " + finder.tracks().size() + " tracks: " + problems + " problems, " + warnings + " warnings");
        out.flush();
        return problems > 0 || (strict && warnings > 0) ? 1 : 0;
    }
}
