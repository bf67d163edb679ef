package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.daemon.bench.BenchReport;
import dev.vigil.rtsp.sim.Clip;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A real, short bench: two cameras of the bundled clip (no ffmpeg), in a child JVM, for 3 s. */
class BenchCommandTest {

    @Test
    void aShortRunLosesNoFrameAndItsJsonAndTableAgree() throws Exception {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs("--cameras", "2", "--seconds", "3", "--warmup", "1", "--clip", "demo");
        StringWriter progress = new StringWriter();
        BenchReport report = bench.run(new PrintWriter(progress, true));

        BenchReport.Frames f = report.frames();
        assertThat(f.sent()).as("frames sent").isPositive();
        assertThat(f.written()).as("every frame sent is written").isEqualTo(f.sent() + f.skipped());
        assertThat(f.lost()).isZero();
        assertThat(f.dropped()).isZero();
        assertThat(report.failures()).isEmpty();
        assertThat(report.cpu().totalPercent()).isPositive();
        assertThat(report.cpu().systemPercent()).isBetween(0.0, report.cpu().totalPercent() + 2); // 10 ms ticks
        assertThat(report.cpu().perCameraPercent()).isEqualTo(report.cpu().totalPercent() / 2);
        assertThat(report.memory().rssMiB()).isPositive();
        assertThat(report.memory().peakRssMiB()).isGreaterThanOrEqualTo(report.memory().rssMiB());
        assertThat(report.memory().threadsMax()).isPositive();
        assertThat(report.memory().fdsMax()).isPositive();
        assertThat(report.flush().count()).isPositive();
        assertThat(report.flush().p99Micros()).isGreaterThanOrEqualTo(report.flush().p50Micros()).isPositive();
        assertThat(report.disk().bytes()).isGreaterThanOrEqualTo(report.disk().payloadBytes()).isPositive();
        assertThat(report.disk().bytesPerCameraHour()).isPositive();
        assertThat(report.setup().cameras()).isEqualTo(2);
        assertThat(report.disk().segments()).as("one segment per camera: no time jump").isEqualTo(2);

        StringWriter json = new StringWriter(), table = new StringWriter(), err = new StringWriter();
        assertThat(BenchCommand.finish(report, true, new PrintWriter(json), new PrintWriter(err))).isZero();
        assertThat(BenchCommand.finish(report, false, new PrintWriter(table), new PrintWriter(err))).isZero();
        assertThat(err.toString()).isEmpty();

        JsonNode j = new ObjectMapper().readTree(json.toString());
        String t = table.toString();
        assertThat(j.at("/frames/sent").asLong()).isEqualTo(f.sent());
        assertThat(j.at("/frames/written").asLong()).isEqualTo(f.written());
        assertThat(t).contains("sent " + j.at("/frames/sent").asLong() + ",")
                .contains("written " + j.at("/frames/written").asLong() + ",")
                .contains("lost " + j.at("/frames/lost").asLong())
                .contains(String.format(Locale.ROOT, "%.2f %% of a core", j.at("/cpu/perCameraPercent").asDouble()))
                .contains(String.format(Locale.ROOT, "%.1f MiB at end", j.at("/memory/rssMiB").asDouble()))
                .contains(String.format(Locale.ROOT, "%d / %d", j.at("/memory/threadsMax").asInt(), j.at("/memory/fdsMax").asInt()))
                .contains(String.format(Locale.ROOT, "p99 %.1f ms", j.at("/flush/p99Micros").asLong() / 1e3))
                .contains("PASS");
        // The JSON is the whole report: read back, it is the same record.
        assertThat(new ObjectMapper().readValue(json.toString(), BenchReport.class)).isEqualTo(report);
    }

    /**
     * A one-second clip looped four times and more: the cameras' timestamps keep increasing across
     * loops, so each camera's recording is one continuous run (one segment), and nothing is lost.
     */
    @Test
    void aShortClipLoopsWithoutATimeJump(@TempDir Path tmp) throws Exception {
        Clip demo = Clip.demo();
        ByteArrayOutputStream annexB = new ByteArrayOutputStream();
        for (List<byte[]> frame : demo.frames().subList(0, demo.fps())) {
            for (byte[] nal : frame) {
                annexB.write(new byte[] {0, 0, 0, 1});
                annexB.write(nal);
            }
        }
        Path clip = Files.write(tmp.resolve("one-second.h264"), annexB.toByteArray());
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs("--cameras", "2", "--seconds", "3", "--warmup", "1", "--clip", clip.toString());
        BenchReport report = bench.run(new PrintWriter(new StringWriter(), true));
        assertThat(report.frames().sent()).as("more than four loops").isGreaterThan(2L * 4 * demo.fps());
        assertThat(report.frames().lost()).isZero();
        assertThat(report.disk().segments()).isEqualTo(2);
    }

    @Test
    void lostFramesFailLoudlyWithExitCodeOne() {
        BenchReport lossy = report(new BenchReport.Frames(1000, 3, 990, 5, 13));
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertThat(BenchCommand.finish(lossy, false, new PrintWriter(out), new PrintWriter(err))).isEqualTo(1);
        assertThat(err.toString()).contains("FAIL").contains("FRAMES LOST: 13 of 1003")
                .contains("written 990").contains("dropped by the recorder 5");
        assertThat(out.toString()).contains("FAIL").doesNotContain("PASS");

        StringWriter jsonOut = new StringWriter(), jsonErr = new StringWriter();
        assertThat(BenchCommand.finish(lossy, true, new PrintWriter(jsonOut), new PrintWriter(jsonErr))).isEqualTo(1);
        assertThat(jsonErr.toString()).contains("FRAMES LOST");
    }

    @Test
    void noLossPasses() {
        BenchReport clean = report(new BenchReport.Frames(1000, 0, 1000, 0, 0));
        assertThat(BenchCommand.finish(clean, false, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))).isZero();
    }

    @Test
    void aMissingClipIsOneLineAndExitCodeTwo() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("bench", "--clip", "/nonexistent/clip.h264")).isEqualTo(2);
        assertThat(err.toString()).contains("vigil bench: --clip /nonexistent/clip.h264: no such file");
    }

    private static BenchReport report(BenchReport.Frames frames) {
        return new BenchReport(
                new BenchReport.Setup(8, 10, 60, "tcp", "test", "1920x1080", 15, 4_000_000, false, "/tmp/x", "Java 17"),
                new BenchReport.Cpu(1.5, 12, 4, 7.2, 60, 20, 1.9),
                new BenchReport.Memory(100, 110, 120, 50, 80, 30, 60),
                new BenchReport.Gc(3, 12, 5),
                frames,
                new BenchReport.Flush(480, 900, 4000, 9000),
                new BenchReport.Disk(1_000_000, 990_000, 40_000, 1_800_000_000, 8));
    }
}
