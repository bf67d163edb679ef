package dev.vigil.rtsp.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pre-encoded H.264 clip split into access units, to be served in a loop by
 * {@link SimulatedCamera}. The first access unit must be a key frame with its SPS and PPS.
 *
 * @param frames each frame's NAL units, without start codes, in decoding order
 * @param fps frames per second it is played at
 * @param sps the sequence parameter set (from the first frame)
 * @param pps the picture parameter set (from the first frame)
 */
public record Clip(List<List<byte[]>> frames, int fps, byte[] sps, byte[] pps) {
    /** The clip bundled with Vigil: 640x360, 15 fps, a key frame every second, 8 s. */
    public static Clip demo() {
        try (InputStream in = Clip.class.getResourceAsStream("demo-640x360-15fps.h264")) {
            return h264(in.readAllBytes(), 15);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled demo clip cannot be read", e);
        }
    }

    /**
     * A second bundled clip of another size: 320x180, 15 fps, a key frame every second, 2 s (made with
     * {@code ffmpeg -f lavfi -i testsrc2=size=320x180:rate=15 -t 2 -c:v libx264 -g 15 -bf 0
     * -profile:v baseline -f h264}), for a camera whose resolution changes mid-stream.
     */
    public static Clip small() {
        try (InputStream in = Clip.class.getResourceAsStream("small-320x180-15fps.h264")) {
            return h264(in.readAllBytes(), 15);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled small clip cannot be read", e);
        }
    }

    /** Frames from the first key frame to the next one; the whole clip's length if it has one key frame. */
    public int keyFrameInterval() {
        for (int i = 1; i < frames.size(); i++) {
            if (isKeyFrame(frames.get(i))) return i;
        }
        return frames.size();
    }

    /** Whether a frame holds an IDR slice (NAL unit type 5). */
    private static boolean isKeyFrame(List<byte[]> frame) {
        return frame.stream().anyMatch(n -> (n[0] & 0x1F) == 5);
    }

    public static Clip h264(Path file, int fps) throws IOException {
        return h264(Files.readAllBytes(file), fps);
    }

    /** Splits an Annex-B H.264 stream into access units (a new one at each slice with first_mb_in_slice 0). */
    public static Clip h264(byte[] annexB, int fps) {
        List<List<byte[]>> frames = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        boolean hasSlice = false;
        byte[] sps = null, pps = null;
        for (byte[] nal : nalUnits(annexB)) {
            int type = nal[0] & 0x1F;
            boolean slice = type >= 1 && type <= 5;
            boolean startsPicture = slice && nal.length > 1 && (nal[1] & 0x80) != 0;
            // An AUD, parameter set or SEI after a slice, or the first slice of a new picture, opens a new unit.
            if (hasSlice && (startsPicture || type == 6 || type == 7 || type == 8 || type == 9)) {
                frames.add(current);
                current = new ArrayList<>();
                hasSlice = false;
            }
            if (type == 9) continue; // access unit delimiters add nothing for a receiver
            if (type == 7 && sps == null) sps = nal;
            if (type == 8 && pps == null) pps = nal;
            current.add(nal);
            hasSlice |= slice;
        }
        if (hasSlice) frames.add(current);
        if (frames.isEmpty() || sps == null || pps == null)
            throw new IllegalArgumentException("not an H.264 clip with SPS, PPS and at least one picture");
        if (!isKeyFrame(frames.get(0)))
            throw new IllegalArgumentException("the clip must begin with a key frame (IDR)");
        return new Clip(List.copyOf(frames), fps, sps, pps);
    }

    static List<byte[]> nalUnits(byte[] s) {
        List<byte[]> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i + 2 < s.length; i++) {
            if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
                if (start >= 0) out.add(trim(s, start, i));
                start = i + 3;
                i += 2;
            }
        }
        if (start >= 0 && start < s.length) out.add(trim(s, start, s.length));
        out.removeIf(n -> n.length == 0);
        return out;
    }

    private static byte[] trim(byte[] s, int from, int to) {
        while (to > from && s[to - 1] == 0) to--;
        byte[] out = new byte[to - from];
        System.arraycopy(s, from, out, 0, out.length);
        return out;
    }
}
