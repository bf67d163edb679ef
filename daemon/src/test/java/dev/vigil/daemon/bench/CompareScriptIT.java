package dev.vigil.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short run of CI of {@code deploy/bench/compare.sh}: two small cameras, a few seconds each for
 * ffmpeg's stream copy and for the built vigil.jar, through the same script a user runs. It proves
 * the script still drives both recorders and prints a full row; the figures themselves are for
 * BENCHMARKS.md, from the long runs.
 */
class CompareScriptIT {
    static final Path SCRIPT = Path.of("..", "deploy", "bench", "compare.sh");

    @TempDir
    Path tmp;

    @Test
    void recordsTheSameCamerasWithFfmpegThenVigilAndPrintsOneRowPerCount() throws Exception {
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), "2").redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(Map.of("VIGIL_JAR", Path.of("target", "vigil.jar").toAbsolutePath().toString(), "SECONDS_PER_RUN", "8",
                "WARMUP", "3", "RESOLUTION", "320x240", "BITRATE", "300k"));
        // 8 s: two ffmpeg processes at 0.2-0.3 % of a core each make a few clock ticks (10 ms) of CPU in it.
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("compare.sh finished (a hang guard)").isTrue();
        assertThat(p.exitValue()).as(describe(out, err)).isZero();

        List<String> lines = Files.readAllLines(out);
        String row = lines.stream().filter(l -> l.matches("\\s*2\\s.*")).findFirst().orElseThrow(() -> new AssertionError(describe(out, err)));
        String[] f = row.trim().split("\\s+");
        // N, cpu ffmpeg, vigil, ratio, kernel ffmpeg, vigil, machine ffmpeg, vigil, ratio, rss ffmpeg, vigil, ratio, skipped, lost, load
        assertThat(f).as(row).hasSize(15);
        double ffmpegCpu = Double.parseDouble(f[1]);
        double vigilCpu = Double.parseDouble(f[2]);
        assertThat(ffmpegCpu).as("ffmpeg cpu per camera: " + row).isPositive();
        assertThat(vigilCpu).as("vigil cpu per camera: " + row).isPositive();
        assertThat(Double.parseDouble(f[4])).as("ffmpeg's kernel part: " + row).isBetween(0.0, ffmpegCpu);
        assertThat(Double.parseDouble(f[5])).as("vigil's kernel part: " + row).isBetween(0.0, vigilCpu);
        assertThat(Double.parseDouble(f[9])).as("ffmpeg rss: " + row).isPositive();
        assertThat(Double.parseDouble(f[10])).as("vigil rss: " + row).isPositive();
        assertThat(f[12]).as("frames ffmpeg could not take: " + row).isEqualTo("0");
        assertThat(f[13]).as("frames vigil lost: " + row).isEqualTo("0");
        assertThat(lines).anyMatch(l -> l.startsWith("clip: ") && l.contains("320x240"));
    }

    private static String describe(Path out, Path err) {
        try {
            return "compare.sh printed:\n" + Files.readString(out) + "\nand on stderr:\n" + Files.readString(err);
        } catch (IOException e) {
            return "compare.sh's output is unreadable: " + e;
        }
    }
}
