package dev.vigil.daemon.bench;

import dev.vigil.rtsp.sim.Clip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The clip the simulated cameras serve, and what it really is: its rate, size and bitrate as
 * measured from its frames (an encoder's bitrate is a target, not a promise).
 *
 * @param file          Annex-B H.264 file; {@code null} for the clip bundled in the jar
 * @param description   where it came from, for the report
 * @param resolution    WxH when known, else "unknown"
 * @param fps           frames per second it is served at
 * @param frames        frames in one loop
 * @param bitsPerSecond its actual bitrate at {@code fps}
 */
public record BenchClip(Path file, String description, String resolution, int fps, int frames, long bitsPerSecond) {
    /** Seconds of video generated: long enough to hold a few GOPs, small enough to cache (about 5 MB at 4 Mbit/s). */
    static final int GENERATED_SECONDS = 10;

    /** The bundled 640x360 clip (no ffmpeg needed): what tests and a quick look use. */
    public static BenchClip demo(int fps) {
        return measure(null, "bundled demo clip", "640x360", Clip.demo(), fps);
    }

    public static BenchClip file(Path file, int fps) throws IOException {
        return measure(file, file.toString(), probeSize(file), Clip.h264(file, fps), fps);
    }

    /** WxH as ffprobe reads it; "unknown" without ffprobe (the clip is served all the same). */
    static String probeSize(Path file) {
        try {
            Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
                    "-of", "csv=p=0:s=x", file.toString()).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && said.matches("\\d+x\\d+") ? said : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /**
     * A clip of {@code resolution} at {@code fps}, {@code bitrate} bit/s and a key frame every
     * {@code gop} frames, made by ffmpeg once and cached in {@code cacheDir}.
     *
     * @throws BenchException when ffmpeg is missing or fails
     */
    public static BenchClip generate(String resolution, int fps, long bitrate, int gop, Path cacheDir, Consumer<String> say)
            throws IOException, InterruptedException {
        if (!resolution.matches("\\d+x\\d+")) throw new BenchException("--resolution must be WxH, e.g. 1920x1080, not " + resolution);
        Path file = cacheDir.resolve(String.format(Locale.ROOT, "vigil-bench-%s-%dfps-%db-g%d.h264", resolution, fps, bitrate, gop));
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, "clip-", ".h264.tmp");
            say.accept("making a " + resolution + " " + fps + " fps " + bitrate + " bit/s clip with ffmpeg into " + file);
            // testsrc2 alone compresses far below any camera's bitrate; temporal noise makes every
            // frame cost what a real scene does, and the rate control caps it near the target.
            // No B-frames and a fixed GOP: what IP cameras send.
            List<String> cmd = List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=size=" + resolution + ":rate=" + fps, "-t", Integer.toString(GENERATED_SECONDS),
                    "-vf", "noise=alls=20:allf=t", "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency",
                    "-b:v", Long.toString(bitrate), "-maxrate", Long.toString(bitrate), "-bufsize", Long.toString(2 * bitrate),
                    "-g", Integer.toString(gop), "-keyint_min", Integer.toString(gop), "-bf", "0", "-pix_fmt", "yuv420p",
                    "-f", "h264", tmp.toString());
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw new BenchException("ffmpeg is not installed (or not on PATH), so no " + resolution
                        + " clip can be made: install ffmpeg, or pass --clip FILE.h264 (Annex-B H.264) or --clip demo");
            }
            String said = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                Files.deleteIfExists(tmp);
                throw new BenchException("ffmpeg failed to make the clip: " + said.strip());
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return measure(file, "generated by ffmpeg (testsrc2 + noise, GOP " + gop + "): " + file, resolution, Clip.h264(file, fps), fps);
    }

    private static BenchClip measure(Path file, String description, String resolution, Clip clip, int fps) {
        long bytes = 0;
        for (List<byte[]> frame : clip.frames()) for (byte[] nal : frame) bytes += nal.length;
        long bps = bytes * 8 * fps / clip.frames().size();
        return new BenchClip(file, description, resolution, fps, clip.frames().size(), bps);
    }

    /** "4M", "512k", "4000000" as bits per second. */
    public static long parseBitrate(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("m")) unit = 1_000_000;
        else if (t.endsWith("k")) unit = 1_000;
        if (unit != 1) t = t.substring(0, t.length() - 1);
        try {
            return Math.round(Double.parseDouble(t) * unit);
        } catch (NumberFormatException e) {
            throw new BenchException("--bitrate must be like 4M, 512k or 4000000, not " + text);
        }
    }

    /** ~/.cache/vigil (or $XDG_CACHE_HOME/vigil). */
    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("vigil");
    }
}
