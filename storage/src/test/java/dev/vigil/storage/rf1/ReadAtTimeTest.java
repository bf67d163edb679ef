package dev.vigil.storage.rf1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Time-range reads on h264-sliced-clean: 15 fps, 4 slices per picture, a key frame every second. */
class ReadAtTimeTest {
    @TempDir
    Path tmp;

    TrackReader open() throws Exception {
        return TrackReader.open(Vectors.expand("h264-sliced-clean", tmp));
    }

    @Test
    void seeksBackToTheKeyFrameAndOverEverythingThatSharesItsPts() throws Exception {
        try (TrackReader r = open()) {
            // Entries 63, 64 are the SPS/PPS at pts 4096, 65..68 the four IDR slices.
            assertThat(r.pts(63)).isEqualTo(4096);
            assertThat(r.flags(63)).isEqualTo(6);
            EntryRange range = r.readAtTime(5000, 6000, true);
            assertThat(range.from()).isEqualTo(63);
            assertThat(r.pts(range.to() - 1)).isLessThanOrEqualTo(6000);
            assertThat(range.to() == r.entryCount() || r.pts(range.to()) > 6000).isTrue();
        }
    }

    @Test
    void startExactlyOnAKeyFrameIncludesItsParameterSets() throws Exception {
        try (TrackReader r = open()) {
            assertThat(r.readAtTime(4096, 4096, true)).isEqualTo(new EntryRange(63, 69));
            assertThat(r.readAtTime(4096, 4096, false)).isEqualTo(new EntryRange(63, 69));
        }
    }

    @Test
    void withoutSeekBackTheRangeStartsAtTheFirstEntryAtOrAfterStart() throws Exception {
        try (TrackReader r = open()) {
            EntryRange range = r.readAtTime(5000, 6000, false);
            assertThat(r.pts(range.from())).isGreaterThanOrEqualTo(5000);
            assertThat(r.pts(range.from() - 1)).isLessThan(5000);
        }
    }

    @Test
    void pastTheEndIsEmptyUnlessSeekingBackToTheLastKeyFrame() throws Exception {
        try (TrackReader r = open()) {
            assertThat(r.readAtTime(10_000_000, 20_000_000, true).from()).isLessThan(r.entryCount());
            assertThat(r.readAtTime(10_000_000, 20_000_000, false).isEmpty()).isTrue();
            assertThat(r.readAtTime(0, 0, true)).isEqualTo(new EntryRange(0, 7));
        }
    }

    @Test
    void payloadOfARangeIsOneContiguousRead() throws Exception {
        try (TrackReader r = open()) {
            EntryRange range = r.readAtTime(4096, 8191, true);
            var bytes = r.readPayload(range.from(), range.to());
            assertThat(bytes.remaining()).isEqualTo((int) (r.location(range.to()) - r.location(range.from())));
            assertThat(bytes.getInt(0)).isEqualTo(1);
        }
    }
}
