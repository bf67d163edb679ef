package dev.vigil.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The flatness verdict on synthetic series: 4 cameras, 10 s segments, 2 min retention, an hour sampled every 30 s. */
class SoakVerdictTest {
    static final SoakVerdict.Expect EXPECT = new SoakVerdict.Expect(4, 1, 10, 120);
    static final long MIB = 1 << 20;

    /** A steady run: after the archive fills (at 120 s), 4 x 12 rows and their files, give or take the open segments. */
    static SoakSample flat(int i) {
        double t = 30.0 * i;
        long rows = t < 120 ? Math.round(4 * t / 10) : 48 + i % 3;
        return new SoakSample(t, 200 * MIB + (i % 2) * MIB, 40 * MIB + (i % 5) * MIB, 30 * MIB + (i % 3) * MIB, 40 + i % 2, 60 + i % 3, rows, rows * 2,
                400_000, i % 2 * 100_000, 1800L * i);
    }

    static List<SoakSample> series(IntFunction<SoakSample> f) {
        List<SoakSample> out = new ArrayList<>();
        for (int i = 0; i <= 120; i++) out.add(f.apply(i));
        return out;
    }

    @Test
    void aFlatRunPasses() {
        SoakVerdict v = SoakVerdict.judge(series(SoakVerdictTest::flat), EXPECT, 0);
        assertThat(v.failures()).isEmpty();
        assertThat(v.flat()).isTrue();
        assertThat(v.baseline().seconds()).as("the first sample after maxAge + 2 segments").isEqualTo(150);
        assertThat(v.checks()).hasSize(8).allMatch(c -> c.startsWith("ok") || c.startsWith("info"));
    }

    @Test
    void rssGrowingByAMegabyteAMinuteFails() {
        SoakVerdict v = SoakVerdict.judge(series(i -> with(flat(i), s -> new SoakSample(s.seconds(), s.rssBytes() + i * MIB / 2,
                s.heapUsed(), s.directBytes(), s.threads(), s.fds(), s.catalogRows(), s.segmentFiles(), s.catalogBytes(), s.walBytes(), s.framesWritten()))),
                EXPECT, 0);
        assertThat(v.flat()).isFalse();
        assertThat(v.failures()).singleElement().asString().startsWith("FAIL: rss");
    }

    @Test
    void rssWithinTheSlackPasses() {
        // +12 MiB over the hour: under the 16 MiB floor of the allowance.
        SoakVerdict v = SoakVerdict.judge(series(i -> with(flat(i), s -> new SoakSample(s.seconds(), s.rssBytes() + i * MIB / 10,
                s.heapUsed(), s.directBytes(), s.threads(), s.fds(), s.catalogRows(), s.segmentFiles(), s.catalogBytes(), s.walBytes(), s.framesWritten()))),
                EXPECT, 0);
        assertThat(v.failures()).isEmpty();
    }

    /** Writers' buffers left to a full collection: 8 MiB a minute at 64 cameras once, while RSS stayed inside its slack. */
    @Test
    void directBuffersClimbingFail() {
        SoakVerdict v = SoakVerdict.judge(series(i -> with(flat(i), s -> new SoakSample(s.seconds(), s.rssBytes(), s.heapUsed(),
                s.directBytes() + i * MIB / 4, s.threads(), s.fds(), s.catalogRows(), s.segmentFiles(), s.catalogBytes(), s.walBytes(),
                s.framesWritten()))), EXPECT, 0);
        assertThat(v.failures()).singleElement().asString().startsWith("FAIL: direct buffers");
    }

    @Test
    void leakingDescriptorsAndThreadsFail() {
        SoakVerdict v = SoakVerdict.judge(series(i -> with(flat(i), s -> new SoakSample(s.seconds(), s.rssBytes(), s.heapUsed(), s.directBytes(),
                s.threads() + i / 10, s.fds() + i / 4, s.catalogRows(), s.segmentFiles(), s.catalogBytes(), s.walBytes(), s.framesWritten()))),
                EXPECT, 0);
        assertThat(v.failures()).hasSize(2).anyMatch(f -> f.startsWith("FAIL: threads")).anyMatch(f -> f.startsWith("FAIL: fds"));
    }

    @Test
    void aCatalogThatKeepsGrowingFailsAndSoDoFilesRetentionLeftBehind() {
        // Retention stopped at half an hour: rows and files pile up.
        SoakVerdict v = SoakVerdict.judge(series(i -> with(flat(i), s -> {
            long rows = i < 60 ? s.catalogRows() : s.catalogRows() + (i - 60) * 12;
            return new SoakSample(s.seconds(), s.rssBytes(), s.heapUsed(), s.directBytes(), s.threads(), s.fds(), rows, rows * 2, s.catalogBytes(),
                    s.walBytes(), s.framesWritten());
        })), EXPECT, 0);
        assertThat(v.failures()).singleElement().asString().startsWith("FAIL: catalog rows");

        SoakVerdict orphans = SoakVerdict.judge(series(i -> with(flat(i), s -> new SoakSample(s.seconds(), s.rssBytes(), s.heapUsed(), s.directBytes(),
                s.threads(), s.fds(), s.catalogRows(), s.segmentFiles() + i, s.catalogBytes(), s.walBytes(), s.framesWritten()))),
                EXPECT, 0);
        assertThat(orphans.failures()).singleElement().asString().startsWith("FAIL: files on disk");
    }

    @Test
    void aLostFrameFails() {
        SoakVerdict v = SoakVerdict.judge(series(SoakVerdictTest::flat), EXPECT, 3);
        assertThat(v.failures()).containsExactly("FAIL: frames lost: 3");
    }

    @Test
    void aRunThatNeverLeavesTheWarmUpIsNotCalledFlat() {
        List<SoakSample> short_ = series(SoakVerdictTest::flat).subList(0, 5); // 0..120 s: never past maxAge + 2 segments
        SoakVerdict v = SoakVerdict.judge(short_, EXPECT, 0);
        assertThat(v.flat()).isFalse();
        assertThat(v.baseline()).isNull();
        assertThat(v.failures()).singleElement().asString().startsWith("FAIL: too short");
        assertThat(SoakVerdict.judge(List.of(), EXPECT, 0).flat()).isFalse();
    }

    private static SoakSample with(SoakSample s, java.util.function.UnaryOperator<SoakSample> change) {
        return change.apply(s);
    }
}
