package dev.vigil.storage.testing;

import dev.vigil.storage.rf1.AnnexB;
import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.rf1.NalClassifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Real encoded streams made by ffmpeg for the tests (of this module and, through its test jar, others), split into access units and audio frames. */
public final class Encoded {
    private Encoded() {}

    /** {@code seconds} of a 320x240 test pattern at {@code fps}, a key frame every {@code gop} frames, no B frames. */
    public static List<List<ByteBuffer>> video(Codec codec, int fps, int gop, int seconds) throws IOException {
        return video(codec, "320x240", fps, gop, seconds);
    }

    public static List<List<ByteBuffer>> video(Codec codec, String size, int fps, int gop, int seconds) throws IOException {
        String lib = codec == Codec.H264 ? "libx264" : "libx265";
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=" + size + ":rate=" + fps,
                "-t", Integer.toString(seconds), "-c:v", lib, "-pix_fmt", "yuv420p"));
        if (codec == Codec.H264) cmd.addAll(List.of("-g", Integer.toString(gop), "-bf", "0", "-f", "h264", "-"));
        else cmd.addAll(List.of("-x265-params", "bframes=0:keyint=" + gop + ":min-keyint=" + gop + ":scenecut=0:log-level=error", "-f", "hevc", "-"));
        return accessUnits(codec, ByteBuffer.wrap(run(cmd)));
    }

    /** ADTS frames of a 440 Hz tone, AAC-LC. */
    public static List<ByteBuffer> aac(int sampleRate, int channels, int seconds) throws IOException {
        byte[] all = run(List.of("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=" + sampleRate,
                "-t", Integer.toString(seconds), "-ac", Integer.toString(channels), "-c:a", "aac", "-b:a", "64k", "-f", "adts", "-"));
        List<ByteBuffer> frames = new ArrayList<>();
        int p = 0;
        while (p + 7 <= all.length) {
            int len = ((all[p + 3] & 3) << 11) | ((all[p + 4] & 0xFF) << 3) | ((all[p + 5] & 0xFF) >> 5);
            frames.add(ByteBuffer.wrap(all, p, len).slice());
            p += len;
        }
        return frames;
    }

    /** Groups NAL units into access units: a new one begins at a parameter set, SEI, AUD or first slice after a slice. */
    public static List<List<ByteBuffer>> accessUnits(Codec codec, ByteBuffer stream) {
        List<List<ByteBuffer>> units = new ArrayList<>();
        List<ByteBuffer> current = new ArrayList<>();
        boolean hasSlice = false;
        for (ByteBuffer nal : AnnexB.split(stream)) {
            boolean slice, firstSlice;
            if (codec == Codec.H264) {
                int t = NalClassifier.h264Type(nal.get(0));
                slice = t >= 1 && t <= 5;
                firstSlice = slice && (nal.get(1) & 0x80) != 0;
            } else {
                int t = NalClassifier.h265Type(nal.get(0));
                slice = t <= 31;
                firstSlice = slice && (nal.get(2) & 0x80) != 0;
            }
            if (hasSlice && (firstSlice || !slice)) {
                units.add(current);
                current = new ArrayList<>();
                hasSlice = false;
            }
            current.add(nal);
            hasSlice |= slice;
        }
        if (!current.isEmpty()) units.add(current);
        return units;
    }

    public static byte[] run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            in.transferTo(o);
            out = o.toByteArray();
        }
        try {
            if (p.waitFor() != 0) throw new IOException(cmd + " failed with exit " + p.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }
}
