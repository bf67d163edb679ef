package dev.vigil.daemon;

import dev.vigil.storage.rf1.Rf1FormatException;
import dev.vigil.storage.rf1.TrackDump;
import dev.vigil.storage.rf1.TrackReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil rf1 dump FILE}: the track as the reference vectors' {@code expected.txt}, so a dump
 * can be diffed against the reference reader's view. A damaged track is read as every reader reads
 * it: repaired in memory, the files untouched.
 */
@Command(name = "dump", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Print a track in the reference vectors' expected.txt format.",
                "A header line, then one line per valid entry:",
                "  magic codec timeBaseMicros entryCount width height",
                "  index pts location length flags"})
final class Rf1DumpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the track's .rf1i file (or its .rf1p)")
    Path file;

    @Override
    public Integer call() {
        if (Files.isDirectory(file)) return fail("is a directory; dump reads one track file (rf1 check searches directories)");
        if (!IoProblems.isTrackFile(file)) return fail("not an RF1 track file (expected a name ending in .rf1i or .rf1p)");
        PrintWriter out = spec.commandLine().getOut();
        try (TrackReader reader = TrackReader.open(file)) {
            TrackDump.write(reader, out);
            out.flush();
            return 0;
        } catch (Rf1FormatException e) {
            return fail(e.problem());
        } catch (IOException e) {
            return fail(IoProblems.describe(file, e));
        }
    }

    private int fail(String problem) {
        spec.commandLine().getErr().println("vigil: " + file + ": " + problem);
        return 1;
    }
}
