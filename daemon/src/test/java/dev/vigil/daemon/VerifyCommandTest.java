package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyCommandTest {
    @TempDir
    Path tmp;

    Path archive;
    Path config;
    StringWriter out;

    @BeforeEach
    void record() throws Exception {
        DaemonTest fixture = new DaemonTest();
        fixture.tmp = tmp;
        try (Daemon d = fixture.daemon(70)) {
            d.start();
        }
        archive = tmp.resolve("archive");
        config = Files.writeString(tmp.resolve("vigil.yaml"), "storageRoot: " + archive + "\n");
    }

    int verify(String... extra) {
        out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        String[] args = Stream.concat(Stream.of("verify", "--config", config.toString()), Stream.of(extra)).toArray(String[]::new);
        return cli.execute(args);
    }

    List<Path> videoIndexes(String camera) throws Exception {
        try (Stream<Path> files = Files.list(archive.resolve(camera))) {
            return files.filter(p -> p.toString().endsWith("_video.rf1i")).sorted().toList();
        }
    }

    @Test
    void aCleanArchiveVerifies() {
        assertThat(verify()).as(out.toString()).isZero();
        assertThat(out.toString()).contains("verified 8 segments on disk and 8 catalog rows: 0 problems, 0 warnings");
    }

    @Test
    void filesGoneFromTheDiskAreAProblemUntilRepairMarksThemMissing() throws Exception {
        Path index = videoIndexes("a").get(1);
        Files.delete(index);
        Files.delete(Path.of(index.toString().replace(".rf1i", ".rf1p")));
        assertThat(verify()).isEqualTo(1);
        assertThat(out.toString()).contains("PROBLEM a/").contains("but its files are gone");
        assertThat(verify("--repair")).as(out.toString()).isZero();
        assertThat(out.toString()).contains("1 catalog rows missing their files").contains("WARN a/").contains("known to be missing");
    }

    @Test
    void unknownAndTornSegmentsAreProblemsThatRepairFixes() throws Exception {
        Path dir = Files.createDirectories(archive.resolve("c"));
        for (String f : List.of("1704067400000_video.rf1i.gz", "1704067400000_video.rf1p.gz")) {
            try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream("/rf1/vectors/h264-torn-zeroed/" + f))) {
                Files.copy(in, dir.resolve(f.substring(0, f.length() - 3)));
            }
        }
        assertThat(verify()).isEqualTo(1);
        assertThat(out.toString()).contains("not in the catalog").contains("3 of 56 entries lost");
        assertThat(verify("--repair")).as(out.toString()).isZero();
        assertThat(out.toString()).contains("1 left open closed (3 torn entries dropped), 1 registered");
        assertThat(verify()).as(out.toString()).isZero();
    }

    @Test
    void aCatalogThatDisagreesWithTheFilesIsAProblem() throws Exception {
        Path index = videoIndexes("b").get(0);
        // The files lose their tail behind the catalog's back.
        try (var ch = java.nio.channels.FileChannel.open(Path.of(index.toString().replace(".rf1i", ".rf1p")),
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 100);
        }
        assertThat(verify()).isEqualTo(1);
        assertThat(out.toString()).contains("PROBLEM").contains("the files hold");
    }
}
