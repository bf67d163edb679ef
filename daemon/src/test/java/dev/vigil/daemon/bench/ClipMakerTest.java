package dev.vigil.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.rtsp.sim.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clips made with the real ffmpeg: a fixed GOP, and without the encoder's start-up GOP. */
class ClipMakerTest {
    @TempDir
    Path dir;

    @Test
    void aMadeClipHasAKeyFrameEveryGopAndNoOversizedFirstOne() throws Exception {
        Path out = dir.resolve("clip.h264");
        ClipMaker.make("320x240", 15, 300_000, 15, 3, out);
        Clip clip = Clip.h264(out, 15);
        assertThat(clip.frames()).hasSize(45);
        for (int i = 0; i < clip.frames().size(); i++) {
            assertThat(isKey(clip.frames().get(i))).as("frame %d is a key frame", i).isEqualTo(i % 15 == 0);
        }
        // The start-up key frame spends the whole rate-control buffer; the kept ones are alike.
        long first = bytes(clip.frames().get(0)), second = bytes(clip.frames().get(15)), third = bytes(clip.frames().get(30));
        assertThat((double) first).isLessThan(2.0 * Math.max(second, third));
        assertThat(clip.frames().get(0).get(0)[0] & 0x1F).as("the clip opens with its SPS").isEqualTo(7);
        assertThat(Files.list(dir)).as("no temporary file left").containsExactly(out);
    }

    @Test
    void aClipWhoseKeyFramesAreNotWhereAskedIsRefused() throws Exception {
        Path out = dir.resolve("clip.h264");
        ClipMaker.make("320x240", 15, 300_000, 15, 2, out);
        assertThatThrownBy(() -> ClipMaker.keep(Files.readAllBytes(out), 10, 20)).isInstanceOf(BenchException.class)
                .hasMessageContaining("a key frame every 15 frames, not 10");
    }

    private static boolean isKey(List<byte[]> frame) {
        return frame.stream().anyMatch(n -> (n[0] & 0x1F) == 5);
    }

    private static long bytes(List<byte[]> frame) {
        return frame.stream().mapToLong(n -> n.length).sum();
    }
}
