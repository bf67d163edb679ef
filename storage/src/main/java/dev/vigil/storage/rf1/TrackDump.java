package dev.vigil.storage.rf1;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The text form of a track used by the reference vectors' {@code expected.txt} and by
 * {@code vigil rf1 dump}: a header line {@code magic codec timeBaseMicros indexCount width height}
 * (for audio: sample rate and channels in place of the picture size), then one line per entry
 * {@code index pts location length flags}. {@code indexCount} is the number of valid entries read,
 * whatever the header says.
 */
public final class TrackDump {
    private TrackDump() {}

    public static String headerLine(TrackReader r) {
        TrackHeader h = r.header();
        Codec c = h.codec();
        int a = c.isVideo() ? h.width() : h.sampleRate();
        int b = c.isVideo() ? h.height() : h.channels();
        return c.magic() + " " + c.fourcc().trim() + " " + h.timeBaseMicros() + " " + r.entryCount() + " " + a + " " + b;
    }

    public static void write(TrackReader r, Appendable out) {
        try {
            out.append(headerLine(r)).append('\n');
            StringBuilder line = new StringBuilder(48);
            for (int i = 0; i < r.entryCount(); i++) {
                line.setLength(0);
                line.append(i).append(' ').append(r.pts(i)).append(' ').append(r.location(i)).append(' ')
                        .append(r.length(i)).append(' ').append(r.flags(i)).append('\n');
                out.append(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toString(TrackReader r) {
        StringBuilder sb = new StringBuilder();
        write(r, sb);
        return sb.toString();
    }
}
