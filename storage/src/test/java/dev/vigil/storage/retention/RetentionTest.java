package dev.vigil.storage.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.catalog.SegmentRecord;
import dev.vigil.storage.catalog.SegmentState;
import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackHeader;
import dev.vigil.storage.rf1.TrackWriter;
import dev.vigil.storage.segment.SegmentInfo;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    static final long T0 = 1_704_067_200_000_000L;
    static final long HOUR = 3_600_000_000L;

    @TempDir
    Path tmp;

    Path root;
    Catalog catalog;
    long deletedBytes;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(tmp.resolve("archive"));
        catalog = Catalog.open("jdbc:sqlite:" + tmp.resolve("catalog.db"));
    }

    @AfterEach
    void tearDown() {
        catalog.close();
    }

    /** A real one-entry segment of {@code bytes} packet bytes, one hour long, registered as closed (or open). */
    TrackFiles segment(String camera, int hour, int bytes, boolean open) throws Exception {
        long start = T0 + hour * HOUR;
        String base = Long.toString(start / 1000);
        TrackFiles f = TrackFiles.of(Files.createDirectories(root.resolve(camera)), base, "video");
        try (TrackWriter w = TrackWriter.create(f, TrackHeader.video(Codec.H264, start, 320, 240))) {
            byte[] nal = new byte[bytes - 4];
            nal[0] = 0x65;
            w.append(0, ByteBuffer.wrap(nal), 5);
        }
        SegmentInfo info = new SegmentInfo(f.index().getParent(), base, start, start + HOUR, List.of("video"), 1, bytes, true, !open);
        if (open) catalog.opened(camera, info);
        else catalog.closed(camera, info);
        return f;
    }

    Retention retention(RetentionPolicy policy, long nowMicros, LongSupplier free) {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(nowMicros / 1000), ZoneOffset.UTC);
        return new Retention(root, catalog, policy, clock, free);
    }

    List<Long> remainingStarts() {
        return catalog.allSegments().stream().map(SegmentRecord::startMicros).sorted().toList();
    }

    @Test
    void deletesSegmentsOlderThanTheMaximumAgeWithTheirFiles() throws Exception {
        TrackFiles old = segment("cam", 0, 1000, false);
        segment("cam", 1, 1000, false);
        segment("cam", 2, 1000, false);
        // Now is hour 5: with 3.5 h kept, the segment ending at hour 1 goes, the one ending at hour 2 stays.
        Retention.Result r = retention(new RetentionPolicy(Duration.ofMinutes(210), 0, 0, 0), T0 + 5 * HOUR, () -> Long.MAX_VALUE).run();
        assertThat(r).isEqualTo(new Retention.Result(1, 1000));
        assertThat(remainingStarts()).containsExactly(T0 + HOUR, T0 + 2 * HOUR);
        assertThat(Files.exists(old.index())).isFalse();
        assertThat(Files.exists(old.packets())).isFalse();
    }

    @Test
    void keepsEachCameraUnderItsByteLimitOldestFirst() throws Exception {
        segment("a", 0, 1000, false);
        segment("a", 1, 1000, false);
        segment("a", 2, 1000, false);
        segment("b", 0, 1000, false);
        retention(new RetentionPolicy(Duration.ZERO, 1500, 0, 0), T0, () -> Long.MAX_VALUE).run();
        assertThat(catalog.bytesByCamera()).containsEntry("a", 1000L).containsEntry("b", 1000L);
        assertThat(catalog.oldest("a", 10)).extracting(SegmentRecord::startMicros).containsExactly(T0 + 2 * HOUR);
    }

    @Test
    void keepsTheTotalUnderItsLimitAcrossCameras() throws Exception {
        segment("a", 1, 1000, false);
        segment("a", 2, 1000, false);
        segment("b", 0, 1000, false);
        segment("b", 3, 1000, false);
        retention(new RetentionPolicy(Duration.ZERO, 0, 2500, 0), T0, () -> Long.MAX_VALUE).run();
        assertThat(remainingStarts()).containsExactly(T0 + 2 * HOUR, T0 + 3 * HOUR);
    }

    @Test
    void freesDiskUntilTheFloorIsMet() throws Exception {
        for (int h = 0; h < 5; h++) segment("cam", h, 1000, false);
        long[] free = {1000};
        Retention r = new Retention(root, catalog, new RetentionPolicy(Duration.ZERO, 0, 0, 3500),
                Clock.systemUTC(), () -> free[0] + 1000L * (5 - catalog.allSegments().size()));
        assertThat(r.run().segments()).isEqualTo(3);
        assertThat(remainingStarts()).containsExactly(T0 + 3 * HOUR, T0 + 4 * HOUR);
    }

    @Test
    void neverDeletesTheSegmentBeingWritten() throws Exception {
        TrackFiles open = segment("cam", 0, 1000, true);
        segment("cam", 1, 1000, false);
        retention(new RetentionPolicy(Duration.ofSeconds(1), 1, 1, Long.MAX_VALUE), T0 + 100 * HOUR, () -> 0).run();
        assertThat(catalog.allSegments()).singleElement().extracting(SegmentRecord::state).isEqualTo(SegmentState.OPEN);
        assertThat(Files.exists(open.index())).isTrue();
    }

    @Test
    void noLimitsDeleteNothing() throws Exception {
        segment("cam", 0, 1000, false);
        assertThat(retention(RetentionPolicy.none(), T0 + 1000 * HOUR, () -> 0).run().segments()).isZero();
    }

    @Test
    void rowsWhoseFilesAreMissingAreCleanedUpByAge() throws Exception {
        TrackFiles f = segment("cam", 0, 1000, false);
        Files.delete(f.index());
        Files.delete(f.packets());
        catalog.setState(catalog.allSegments().get(0).id(), SegmentState.MISSING);
        Retention.Result r = retention(new RetentionPolicy(Duration.ofHours(1), 0, 0, 0), T0 + 10 * HOUR, () -> Long.MAX_VALUE).run();
        assertThat(r).isEqualTo(new Retention.Result(1, 0));
        assertThat(catalog.allSegments()).isEmpty();
    }
}
