package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import picocli.CommandLine;

/** The CLI in process, against copies of the RF1 reference vectors. */
class Rf1CliTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsTheRf1Command() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: vigil", "rf1");
    }

    @Test
    void versionNamesVigil() {
        Run r = run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("vigil ");
    }

    @Test
    void missingSubcommandIsAUsageError() {
        Run r = run("rf1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required subcommand", "dump", "check");
    }

    @ParameterizedTest
    @FieldSource("dev.vigil.daemon.CliVectors#ALL")
    void dumpPrintsExpectedTxt(String name) throws Exception {
        Run r = run("rf1", "dump", CliVectors.expand(name, tmp).toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(CliVectors.expected(name));
    }

    @Test
    void dumpAcceptsThePacketsFile() throws Exception {
        Path index = CliVectors.expand("h265-clean", tmp);
        Path packets = index.resolveSibling(index.getFileName().toString().replace(".rf1i", ".rf1p"));
        assertThat(run("rf1", "dump", packets.toString()).out()).isEqualTo(CliVectors.expected("h265-clean"));
    }

    @Test
    void dumpOfANonRf1FileFailsWithOneLine() throws Exception {
        Path index = notRf1();
        Run r = run("rf1", "dump", index.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("vigil: " + index + ": not an RF1 index: magic 'GIF8' codec '9a\\x01\\x00'\n");
    }

    @Test
    void dumpOfMissingFilesNamesWhatIsMissing() throws Exception {
        Path missing = tmp.resolve("nothing_video.rf1i");
        assertThat(run("rf1", "dump", missing.toString()).err()).isEqualTo("vigil: " + missing + ": no such file\n");

        Path index = CliVectors.expand("h264-clean", tmp);
        Path packets = index.resolveSibling(index.getFileName().toString().replace(".rf1i", ".rf1p"));
        Files.delete(packets);
        Run r = run("rf1", "dump", index.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vigil: " + index + ": " + packets + ": no such file\n");

        assertThat(run("rf1", "dump", tmp.toString()).err()).startsWith("vigil: " + tmp + ": is a directory");

        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertThat(run("rf1", "dump", text.toString()).err()).isEqualTo("vigil: " + text + ": not an RF1 track file (expected a name ending in .rf1i or .rf1p)\n");
    }

    @ParameterizedTest
    @FieldSource("dev.vigil.daemon.CliVectors#CLEAN")
    void checkPassesCleanVectors(String name) throws Exception {
        Run r = run("rf1", "check", "--strict", CliVectors.expand(name, tmp).toString());
        assertThat(r.outLines()).containsExactly("checked 1 tracks: 0 problems, 0 warnings");
        assertThat(r.exit()).isZero();
    }

    @Test
    void checkWarnsAboutAnOpenSegmentAndStrictFailsOnIt() throws Exception {
        Path index = CliVectors.expand("h264-crash", tmp);
        Run r = run("rf1", "check", index.toString());
        assertThat(r.outLines()).containsExactly(
                "WARN " + index + ": open segment (not closed cleanly): 56 entries recoverable",
                "checked 1 tracks: 0 problems, 1 warnings");
        assertThat(r.exit()).isZero();
        assertThat(run("rf1", "check", "--strict", index.toString()).exit()).isEqualTo(1);
    }

    @ParameterizedTest
    @FieldSource("dev.vigil.daemon.CliVectors#TORN")
    void checkFailsTornVectors(String name) throws Exception {
        Path index = CliVectors.expand(name, tmp);
        Run r = run("rf1", "check", index.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.outLines()).hasSize(2);
        assertThat(r.outLines().get(0)).startsWith("PROBLEM " + index + ": open segment (not closed cleanly): ").contains("of 56 entries lost");
        assertThat(r.outLines().get(1)).isEqualTo("checked 1 tracks: 1 problems, 0 warnings");
    }

    @Test
    void checkFailsANonRf1File() throws Exception {
        Path index = notRf1();
        Run r = run("rf1", "check", index.toString());
        assertThat(r.outLines()).containsExactly(
                "PROBLEM " + index + ": not an RF1 index: magic 'GIF8' codec '9a\\x01\\x00'",
                "checked 1 tracks: 1 problems, 0 warnings");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void checkWalksDirectoriesInOrderAndFindsOrphanPackets() throws Exception {
        Path archive = tmp.resolve("archive");
        for (String name : CliVectors.ALL) CliVectors.expand(name, archive);
        Path orphan = Files.write(Files.createDirectories(archive.resolve("zz-lost")).resolve("1700000000000_video.rf1p"), new byte[] {0, 0, 0, 1, 0x67});
        Files.writeString(archive.resolve("README.txt"), "not a track");

        Run r = run("rf1", "check", archive.toString());
        assertThat(r.outLines()).satisfiesExactly(
                l -> assertThat(l).startsWith("WARN " + archive.resolve("h264-crash")).contains("open segment"),
                l -> assertThat(l).startsWith("PROBLEM " + archive.resolve("h264-torn-short")),
                l -> assertThat(l).startsWith("PROBLEM " + archive.resolve("h264-torn-zeroed")),
                l -> assertThat(l).isEqualTo("PROBLEM " + orphan + ": index file 1700000000000_video.rf1i is missing: the packets cannot be read without it"),
                l -> assertThat(l).isEqualTo("checked 7 tracks: 3 problems, 1 warnings"));
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void checkCountsATrackNamedTwiceOnce() throws Exception {
        Path index = CliVectors.expand("h264-clean", tmp);
        Path packets = index.resolveSibling(index.getFileName().toString().replace(".rf1i", ".rf1p"));
        Run r = run("rf1", "check", index.toString(), packets.toString(), tmp.toString());
        assertThat(r.outLines()).containsExactly("checked 1 tracks: 0 problems, 0 warnings");
    }

    @Test
    void checkReportsAPathThatDoesNotExist() {
        Path typo = tmp.resolve("archiv");
        Run r = run("rf1", "check", typo.toString());
        assertThat(r.outLines()).containsExactly("PROBLEM " + typo + ": no such file or directory", "checked 0 tracks: 1 problems, 0 warnings");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void checkNeedsAPath() {
        Run r = run("rf1", "check");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter");
    }

    /** A GIF named like a track, with a packets file beside it. */
    private Path notRf1() throws Exception {
        byte[] gif = new byte[64];
        System.arraycopy(new byte[] {'G', 'I', 'F', '8', '9', 'a', 1, 0}, 0, gif, 0, 8);
        Path index = Files.write(tmp.resolve("1700000000000_video.rf1i"), gif);
        Files.write(tmp.resolve("1700000000000_video.rf1p"), new byte[0]);
        return index;
    }
}
