package dev.vigil.daemon.bench;

import dev.vigil.rtsp.sim.Clip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes a bench clip with ffmpeg: testsrc2 with temporal noise, encoded by x264 as an IP camera
 * would send it, without the encoder's start-up GOP.
 *
 * <p>Also how the {@link BenchClip#BUNDLED} clips were made:
 * {@code java -cp daemon/target/vigil.jar dev.vigil.daemon.bench.ClipMaker daemon/src/main/resources/dev/vigil/daemon/bench/clips}.
 */
final class ClipMaker {
    private static final byte[] START_CODE = {0, 0, 0, 1};

    private ClipMaker() {}

    /** Makes the bundled clips into {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        for (String settings : BenchClip.BUNDLED) {
            String[] p = settings.split("-");
            Path out = dir.resolve(Path.of(BenchClip.bundledResource(settings)).getFileName());
            make(p[0], Integer.parseInt(p[1].replace("fps", "")), Long.parseLong(p[2].replace("b", "")), Integer.parseInt(p[3].replace("g", "")),
                    BenchClip.BUNDLED_SECONDS, out);
            System.out.println(out + ": " + Files.size(out) + " bytes");
        }
    }

    /**
     * Writes {@code seconds} of clip to {@code out} (atomically).
     *
     * @throws BenchException when ffmpeg is missing or fails
     */
    static void make(String resolution, int fps, long bitrate, int gop, int seconds, Path out) throws IOException, InterruptedException {
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "clip-", ".h264.tmp");
        try {
            // One GOP more than asked for: the first one is dropped.
            int encode = seconds + (gop + fps - 1) / fps;
            Process p;
            try {
                p = new ProcessBuilder(command(resolution, fps, bitrate, gop, encode, tmp)).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new BenchException("ffmpeg is not installed (or not on PATH), so no " + resolution
                        + " clip can be made: install ffmpeg, or pass --clip FILE.h264 (Annex-B H.264) or --clip demo");
            }
            String said = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new BenchException("ffmpeg failed to make the clip: " + said.strip());
            }
            Files.write(tmp, keep(Files.readAllBytes(tmp), gop, seconds * fps));
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * testsrc2 alone compresses far below any camera's bitrate; temporal noise makes every frame
     * cost what a real scene does, and the rate control caps it near the target. No B-frames and a
     * fixed GOP: what IP cameras send. The fixed GOP needs scene-cut detection off: to x264 every
     * noisy frame is a new scene, and it put a key frame every 8 frames (its least interval for a
     * GOP of 15) into the clips made before this was seen.
     */
    static List<String> command(String resolution, int fps, long bitrate, int gop, int seconds, Path out) {
        return List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=" + resolution + ":rate=" + fps, "-t", Integer.toString(seconds),
                "-vf", "noise=alls=20:allf=t", "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency",
                "-b:v", Long.toString(bitrate), "-maxrate", Long.toString(bitrate), "-bufsize", Long.toString(2 * bitrate),
                "-g", Integer.toString(gop), "-keyint_min", Integer.toString(gop), "-sc_threshold", "0", "-bf", "0",
                "-pix_fmt", "yuv420p", "-f", "h264", out.toString());
    }

    /**
     * {@code frames} frames from the second GOP on, as Annex-B. x264's rate control starts with a
     * full buffer and spends it on the first key frame (650 KB at 1080p 4 Mbit/s, six times a
     * later one), which a looped clip would repeat at every loop.
     */
    static byte[] keep(byte[] annexB, int gop, int frames) {
        Clip clip = Clip.h264(annexB, 1);
        int from = clip.keyFrameInterval();
        if (from != gop) throw new BenchException("ffmpeg made a clip with a key frame every " + from + " frames, not " + gop);
        List<List<byte[]>> kept = clip.frames().subList(from, Math.min(clip.frames().size(), from + frames));
        ByteArrayOutputStream out = new ByteArrayOutputStream(annexB.length);
        // x264 repeats the parameter sets at each key frame; where an encoder does not, they go first.
        if (kept.get(0).stream().noneMatch(n -> (n[0] & 0x1F) == 7)) {
            out.writeBytes(START_CODE);
            out.writeBytes(clip.sps());
            out.writeBytes(START_CODE);
            out.writeBytes(clip.pps());
        }
        for (List<byte[]> frame : kept) {
            for (byte[] nal : frame) {
                out.writeBytes(START_CODE);
                out.writeBytes(nal);
            }
        }
        return out.toByteArray();
    }
}
