package dev.vigil.storage.rf1;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The 32-byte header at the start of an index file, little-endian.
 *
 * <pre>
 * offset size field
 *  0     4    magic       "rf1v" (video) or "rf1a" (audio)
 *  4     4    codec       "h264" "h265" | "aac " "pcmu" "pcma"
 *  8     4    flags       u32, 0 (reserved)
 * 12     4    codecFlags  u32, 0 (reserved)
 * 16     8    timeBase    u64, microseconds since the Unix epoch
 * 24     2    indexCount  u16, entries without the sentinel; 0 while open for writing
 * video:
 * 26     2    width       u16
 * 28     2    height      u16
 * 30     2    reserved
 * audio (our extension):
 * 26     4    sampleRate  u32
 * 30     1    channels    u8
 * 31     1    reserved
 * </pre>
 */
public record TrackHeader(Codec codec, int flags, int codecFlags, long timeBaseMicros, int indexCount,
                          int width, int height, int sampleRate, int channels) {
    public static final int BYTES = 32;

    public TrackHeader {
        if (indexCount < 0 || indexCount >= IndexEntry.MAX_ENTRIES)
            throw new IllegalArgumentException("indexCount " + indexCount + " outside 0.." + (IndexEntry.MAX_ENTRIES - 1));
        if (codec.isVideo() && (width < 0 || width > 0xFFFF || height < 0 || height > 0xFFFF))
            throw new IllegalArgumentException("picture size " + width + "x" + height + " does not fit in u16");
        if (!codec.isVideo() && (channels < 0 || channels > 0xFF))
            throw new IllegalArgumentException("channels " + channels + " does not fit in u8");
    }

    public static TrackHeader video(Codec codec, long timeBaseMicros, int width, int height) {
        if (!codec.isVideo()) throw new IllegalArgumentException(codec + " is not a video codec");
        return new TrackHeader(codec, 0, 0, timeBaseMicros, 0, width, height, 0, 0);
    }

    public static TrackHeader audio(Codec codec, long timeBaseMicros, int sampleRate, int channels) {
        if (codec.isVideo()) throw new IllegalArgumentException(codec + " is not an audio codec");
        return new TrackHeader(codec, 0, 0, timeBaseMicros, 0, 0, 0, sampleRate, channels);
    }

    public TrackHeader withIndexCount(int count) {
        return new TrackHeader(codec, flags, codecFlags, timeBaseMicros, count, width, height, sampleRate, channels);
    }

    public ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(codec.magic().getBytes(StandardCharsets.US_ASCII));
        b.put(codec.fourcc().getBytes(StandardCharsets.US_ASCII));
        b.putInt(flags).putInt(codecFlags).putLong(timeBaseMicros).putShort((short) indexCount);
        if (codec.isVideo()) {
            b.putShort((short) width).putShort((short) height).putShort((short) 0);
        } else {
            b.putInt(sampleRate).put((byte) channels).put((byte) 0);
        }
        return b.flip();
    }

    /** Decodes 32 bytes from {@code b}'s position; {@code file} only names the file in errors. */
    public static TrackHeader decode(ByteBuffer b, Path file) throws Rf1FormatException {
        if (b.remaining() < BYTES) throw new Rf1FormatException(file, "index shorter than its 32-byte header");
        b = b.slice().order(ByteOrder.LITTLE_ENDIAN);
        byte[] four = new byte[4];
        b.get(four);
        String magic = new String(four, StandardCharsets.ISO_8859_1);
        b.get(four);
        String fourcc = new String(four, StandardCharsets.ISO_8859_1);
        Codec codec = Codec.of(magic, fourcc);
        if (codec == null)
            throw new Rf1FormatException(file, "not an RF1 index: magic '" + printable(magic) + "' codec '" + printable(fourcc) + "'");
        int flags = b.getInt();
        int codecFlags = b.getInt();
        long timeBase = b.getLong();
        int count = Short.toUnsignedInt(b.getShort());
        if (count == 0xFFFF) throw new Rf1FormatException(file, "indexCount 65535 leaves no room for the sentinel");
        if (codec.isVideo()) {
            int w = Short.toUnsignedInt(b.getShort());
            int h = Short.toUnsignedInt(b.getShort());
            return new TrackHeader(codec, flags, codecFlags, timeBase, count, w, h, 0, 0);
        }
        int rate = b.getInt();
        int channels = Byte.toUnsignedInt(b.get());
        return new TrackHeader(codec, flags, codecFlags, timeBase, count, 0, 0, rate, channels);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) sb.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        return sb.toString();
    }
}
