package dev.vigil.storage.mp4;

import dev.vigil.storage.testing.Encoded;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** ffprobe and ffmpeg over exported files, and a minimal box walker. */
final class Probe {
    private Probe() {}

    /** {@code key=value} lines of ffprobe for one stream (e.g. "v:0"), with frames counted. */
    static Map<String, String> stream(Path file, String select) throws IOException {
        return keyValues(Encoded.run(List.of("ffprobe", "-v", "error", "-count_frames", "-select_streams", select,
                "-show_entries", "stream=codec_name,codec_tag_string,nb_read_frames,start_time,duration,sample_rate,channels,width,height",
                "-of", "default=noprint_wrappers=1", file.toString())));
    }

    static Map<String, String> format(Path file) throws IOException {
        return keyValues(Encoded.run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration,start_time,nb_streams",
                "-of", "default=noprint_wrappers=1", file.toString())));
    }

    /** What ffmpeg prints at level error while decoding the whole file: empty when it decodes cleanly. */
    static String decodeErrors(Path file) throws IOException {
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            int rc = p.waitFor();
            return rc == 0 ? out : out + "\nexit " + rc;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static Map<String, String> keyValues(byte[] out) {
        Map<String, String> m = new HashMap<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return m;
    }

    /** The types of the top-level boxes, in order. */
    static List<String> topLevelBoxes(Path file) throws IOException {
        List<String> types = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        int p = 0;
        while (p + 8 <= b.limit()) {
            long size = Integer.toUnsignedLong(b.getInt(p));
            types.add(new String(new byte[] {b.get(p + 4), b.get(p + 5), b.get(p + 6), b.get(p + 7)}, StandardCharsets.ISO_8859_1));
            if (size == 1) size = b.getLong(p + 8);
            if (size < 8) break;
            p += (int) size;
        }
        return types;
    }

    /** The payload of the first box of {@code path} (e.g. "moov/trak/edts/elst"), or null. */
    static ByteBuffer box(ByteBuffer b, String path) {
        String[] parts = path.split("/");
        ByteBuffer cur = b.slice();
        for (String part : parts) {
            ByteBuffer found = null;
            int p = 0;
            while (p + 8 <= cur.limit()) {
                int size = cur.getInt(p);
                String type = new String(new byte[] {cur.get(p + 4), cur.get(p + 5), cur.get(p + 6), cur.get(p + 7)}, StandardCharsets.ISO_8859_1);
                if (size < 8) return null;
                if (type.equals(part)) {
                    found = cur.duplicate().position(p + 8).limit(p + size).slice();
                    break;
                }
                p += size;
            }
            if (found == null) return null;
            cur = found;
        }
        return cur;
    }

    /** All boxes of a type along a path where the last element may repeat (e.g. every trak). */
    static List<ByteBuffer> children(ByteBuffer parent, String type) {
        List<ByteBuffer> out = new ArrayList<>();
        int p = 0;
        while (p + 8 <= parent.limit()) {
            int size = parent.getInt(p);
            String t = new String(new byte[] {parent.get(p + 4), parent.get(p + 5), parent.get(p + 6), parent.get(p + 7)}, StandardCharsets.ISO_8859_1);
            if (size < 8) break;
            if (t.equals(type)) out.add(parent.duplicate().position(p + 8).limit(p + size).slice());
            p += size;
        }
        return out;
    }
}
