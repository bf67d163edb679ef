package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.daemon.bench.SoakReport;
import dev.vigil.daemon.bench.SoakSample;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A real, short soak: two cameras of the bundled clip, 2 s segments kept 6 s, 40 s, a sample every
 * 5 s. About 20 segments per camera roll and most are deleted; what retention keeps stays put.
 */
class SoakCommandTest {

    @Test
    void aShortSoakStaysFlatAndItsCatalogTracksRetention() throws Exception {
        SoakCommand soak = new SoakCommand();
        new CommandLine(soak).parseArgs("--cameras", "2", "--seconds", "40", "--segment-duration", "2s", "--retain", "6s",
                "--sample-every", "5s", "--clip", "demo");
        StringWriter progress = new StringWriter();
        SoakReport report = soak.run(new PrintWriter(progress, true));

        List<SoakSample> samples = report.samples();
        assertThat(samples).as("a sample at 0, 5, ... 40 s").hasSizeBetween(8, 9);
        assertThat(samples).extracting(SoakSample::framesWritten).as("frames keep coming").isSorted();
        assertThat(samples.get(samples.size() - 1).framesWritten()).isGreaterThan(samples.get(1).framesWritten());
        assertThat(report.frames().sent()).isPositive();
        assertThat(report.frames().lost()).as("no frame lost").isZero();

        // The verdict is of these samples: its baseline is one of them, after maxAge + 2 segments.
        assertThat(report.verdict().baseline()).isIn(samples);
        assertThat(report.verdict().baseline().seconds()).isGreaterThanOrEqualTo(10);
        // Every check but RSS must pass: 40 s is far too short for the JVM's heap to reach its size
        // (G1 grows it for minutes), so RSS flatness is for the long run alone; here its check must
        // only exist and be of these samples.
        assertThat(report.verdict().failures()).as(report.table()).allMatch(f -> f.startsWith("FAIL: rss"));
        assertThat(report.verdict().checks()).filteredOn(c -> c.contains("rss")).singleElement().asString()
                .contains(String.format(java.util.Locale.ROOT, "%.1f MiB at %.0f s",
                        report.verdict().baseline().rssBytes() / 1048576.0, report.verdict().baseline().seconds()));

        // Retention keeps about 2 cameras x 6 s / 2 s = 6 rows, from the first pass on, not more with time.
        List<SoakSample> settled = samples.stream().filter(s -> s.seconds() >= 10).toList();
        assertThat(settled).allSatisfy(s -> {
            assertThat(s.catalogRows()).as("rows at %.0f s", s.seconds()).isBetween(2L, 10L);
            assertThat(s.segmentFiles()).as("files at %.0f s", s.seconds()).isBetween(2 * s.catalogRows() - 4, 2 * s.catalogRows() + 4);
        });
        SoakSample first = settled.get(0), last = settled.get(settled.size() - 1);
        assertThat(last.fds()).as("fds").isLessThanOrEqualTo(first.fds() + 8);
        assertThat(last.threads()).as("threads").isLessThanOrEqualTo(first.threads() + 4);

        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = SoakCommand.finish(report, true, new PrintWriter(out), new PrintWriter(err));
        assertThat(exit).isEqualTo(report.verdict().flat() ? 0 : 1);
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.at("/samples").size()).isEqualTo(samples.size());
        assertThat(j.at("/samples/3/catalogRows").asLong()).isEqualTo(samples.get(3).catalogRows());
        assertThat(j.at("/verdict/failures").size()).isEqualTo(report.verdict().failures().size());
        StringWriter table = new StringWriter();
        SoakCommand.finish(report, false, new PrintWriter(table), new PrintWriter(new StringWriter()));
        assertThat(table.toString()).contains(report.verdict().flat() ? "result: FLAT" : "result: NOT FLAT").contains("ok: catalog rows");
    }

    @Test
    void notFlatIsLoudAndExitCodeOne() {
        SoakReport report = new SoakReport(new SoakReport.Setup(2, 40, 2, 6, 5, "demo", 15, "/tmp/x", "Java 17"), List.of(),
                new dev.vigil.daemon.bench.BenchReport.Frames(10, 0, 10, 0, 0),
                dev.vigil.daemon.bench.SoakVerdict.judge(List.of(), new dev.vigil.daemon.bench.SoakVerdict.Expect(2, 1, 2, 6), 0));
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertThat(SoakCommand.finish(report, false, new PrintWriter(out), new PrintWriter(err))).isEqualTo(1);
        assertThat(err.toString()).contains("vigil soak: NOT FLAT: FAIL: too short");
        assertThat(out.toString()).contains("result: NOT FLAT");
    }

    @Test
    void durationsForTheSampleInterval() {
        assertThat(SoakCommand.parseSeconds("30s")).isEqualTo(30);
        assertThat(SoakCommand.parseSeconds("2m")).isEqualTo(120);
        assertThat(SoakCommand.parseSeconds("500ms")).isEqualTo(0.5);
        assertThat(SoakCommand.parseSeconds("7")).isEqualTo(7);
    }
}
