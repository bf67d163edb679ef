package dev.vigil.storage.rf1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackHeaderTest {
    @TempDir
    Path dir;

    @Test
    void videoAndAudioHeadersRoundTrip() throws Exception {
        TrackHeader v = TrackHeader.video(Codec.H265, 1_704_067_320_000_001L, 640, 360).withIndexCount(95);
        assertThat(TrackHeader.decode(v.encode(), dir)).isEqualTo(v);
        TrackHeader a = TrackHeader.audio(Codec.AAC, 5, 44100, 2);
        assertThat(TrackHeader.decode(a.encode(), dir)).isEqualTo(a);
        assertThat(a.encode().limit()).isEqualTo(32);
    }

    @Test
    void aFileThatIsNotRf1IsRejectedWithItsNameAndWhatWasFound() throws Exception {
        Path index = dir.resolve("1_video.rf1i");
        Files.write(index, "GIF89a this is a picture, not an RF1 index".getBytes(StandardCharsets.US_ASCII));
        Files.write(dir.resolve("1_video.rf1p"), new byte[0]);
        assertThatThrownBy(() -> TrackReader.open(index)).isInstanceOf(Rf1FormatException.class)
                .hasMessageContaining(index.toString()).hasMessageContaining("magic 'GIF8'");
    }

    @Test
    void aTruncatedHeaderIsRejected() throws Exception {
        Path index = dir.resolve("1_video.rf1i");
        Files.write(index, new byte[] {'r', 'f', '1', 'v'});
        Files.write(dir.resolve("1_video.rf1p"), new byte[0]);
        assertThatThrownBy(() -> TrackReader.open(index)).isInstanceOf(Rf1FormatException.class).hasMessageContaining("shorter than");
    }

    @Test
    void anEmptyTrackHasNoEntries() throws Exception {
        TrackWriter.create(TrackFiles.of(dir, "1", "video"), TrackHeader.video(Codec.H264, 0, 1, 1)).abandon();
        try (TrackReader r = TrackReader.open(dir.resolve("1_video.rf1i"))) {
            assertThat(r.entryCount()).isZero();
            assertThat(r.packetsEnd()).isZero();
        }
    }

    @Test
    void trackNamesMustBeCleanFileNameElements() {
        assertThatThrownBy(() -> TrackFiles.of(dir, "1", "../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrackFiles.of(dir, "1", "a.b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(TrackFiles.of(dir, "1", "video").index().getFileName().toString()).isEqualTo("1_video.rf1i");
    }

}
