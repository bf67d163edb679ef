package dev.vigil.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.sim.Clip;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled bench clips: chosen without ffmpeg for their settings, and what their names say they are. */
class BenchClipTest {
    @TempDir
    Path cache;

    @Test
    void theBundledSettingsAreServedFromTheJarAsAFileInTheCache() throws Exception {
        List<String> said = new ArrayList<>();
        BenchClip hd = BenchClip.generate("1920x1080", 15, 4_000_000, 15, cache, said::add);
        assertThat(said).as("nothing made: no ffmpeg run").isEmpty();
        assertThat(hd.description()).startsWith("bundled");
        assertThat(hd.file()).isEqualTo(cache.resolve("vigil-bench-bundled-1920x1080-15fps-4000000b-g15.h264"));
        assertThat(Files.readAllBytes(hd.file())).isEqualTo(resource("1920x1080-15fps-4000000b-g15"));

        BenchClip p720 = BenchClip.generate("1280x720", 15, BenchClip.parseBitrate("2M"), 15, cache, said::add);
        assertThat(said).isEmpty();
        assertThat(p720.file().getFileName().toString()).isEqualTo("vigil-bench-bundled-1280x720-15fps-2000000b-g15.h264");
    }

    @Test
    void aCachedCopyWithOtherBytesIsReplaced() throws Exception {
        Path stale = cache.resolve("vigil-bench-bundled-1280x720-15fps-2000000b-g15.h264");
        Files.write(stale, new byte[] {0, 0, 0, 1, 0x67});
        BenchClip clip = BenchClip.generate("1280x720", 15, 2_000_000, 15, cache, s -> {});
        assertThat(Files.readAllBytes(clip.file())).isEqualTo(resource("1280x720-15fps-2000000b-g15"));
    }

    /** Size from ffprobe, a key frame every 15 frames, a bitrate near the target, enough GOPs to loop. */
    @Test
    void eachBundledClipIsWhatItsSettingsSay() throws Exception {
        for (String settings : BenchClip.BUNDLED) {
            String[] p = settings.split("-");
            String resolution = p[0];
            int fps = Integer.parseInt(p[1].replace("fps", ""));
            long bitrate = Long.parseLong(p[2].replace("b", ""));
            int gop = Integer.parseInt(p[3].replace("g", ""));
            BenchClip clip = BenchClip.generate(resolution, fps, bitrate, gop, cache, s -> {});
            assertThat(BenchClip.probeSize(clip.file())).as(settings).isEqualTo(resolution);
            Clip frames = Clip.h264(clip.file(), fps);
            assertThat(frames.keyFrameInterval()).as(settings + ": frames per GOP").isEqualTo(gop);
            assertThat(clip.frames()).as(settings + ": frames").isEqualTo(BenchClip.BUNDLED_SECONDS * fps);
            assertThat((double) clip.bitsPerSecond()).as(settings + ": measured bit/s").isBetween(0.8 * bitrate, 1.25 * bitrate);
        }
    }

    private static byte[] resource(String settings) throws Exception {
        try (InputStream in = BenchClip.class.getResourceAsStream(BenchClip.bundledResource(settings))) {
            assertThat(in).as(BenchClip.bundledResource(settings)).isNotNull();
            return in.readAllBytes();
        }
    }
}
