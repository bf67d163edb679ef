package dev.vigil.storage.rf1;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An index cut inside its header is beyond repair, and the error says which file. */
class ShortIndexTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 17, 31})
    void anIndexShorterThanItsHeaderIsAFormatErrorNamingTheFile(int length) throws Exception {
        TrackFiles files = TrackFiles.of(tmp, "1704067200000", "video");
        try (TrackWriter w = TrackWriter.create(files, TrackHeader.video(Codec.H264, 1_704_067_200_000_000L, 640, 360))) {
            w.append(0, ByteBuffer.wrap(new byte[] {0x67, 0x42, 0x00, 0x1f}), Rf1Flags.ESSENTIAL | Rf1Flags.ANNEX_B);
        }
        Files.write(files.index(), Arrays.copyOf(Files.readAllBytes(files.index()), length));
        String name = files.index().getFileName().toString();
        assertThatThrownBy(() -> TrackReader.open(files.index())).isInstanceOf(Rf1FormatException.class).hasMessageContaining(name);
        assertThatThrownBy(() -> TrackWriter.resume(files.index())).isInstanceOf(Rf1FormatException.class).hasMessageContaining(name);
    }
}
