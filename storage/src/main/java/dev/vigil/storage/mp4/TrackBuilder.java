package dev.vigil.storage.mp4;

import dev.vigil.storage.rf1.Codec;
import java.util.Arrays;
import java.util.List;

/**
 * Accumulates the samples of one track while the planner walks the segments. Sample times are
 * absolute times rounded to the track's timescale (relative to the plan's presentation start), so
 * rounding never accumulates across samples or segments: a duration is the difference of two
 * rounded times.
 */
final class TrackBuilder {
    private final int timescale;
    private long[] time = new long[1024];
    private boolean[] key = new boolean[1024];
    private int[] size = new int[1024];
    private int[] firstPiece = new int[1025];
    private int count;
    private int[] pieceSource = new int[2048];
    private long[] pieceOffset = new long[2048];
    private int[] pieceLength = new int[2048];
    private byte[] pieceKind = new byte[2048];
    private int pieces;
    private boolean open;

    TrackBuilder(int timescale) {
        this.timescale = timescale;
    }

    int timescale() {
        return timescale;
    }

    int count() {
        return count;
    }

    long lastTime() {
        return time[count - 1];
    }

    void begin(long t, boolean isKey) {
        if (count + 1 >= time.length) {
            int n = time.length * 2;
            time = Arrays.copyOf(time, n);
            key = Arrays.copyOf(key, n);
            size = Arrays.copyOf(size, n);
            firstPiece = Arrays.copyOf(firstPiece, n + 1);
        }
        time[count] = t;
        key[count] = isKey;
        size[count] = 0;
        firstPiece[count] = pieces;
        open = true;
    }

    void piece(int source, long offset, int length, int kind) {
        if (pieces == pieceSource.length) {
            int n = pieces * 2;
            pieceSource = Arrays.copyOf(pieceSource, n);
            pieceOffset = Arrays.copyOf(pieceOffset, n);
            pieceLength = Arrays.copyOf(pieceLength, n);
            pieceKind = Arrays.copyOf(pieceKind, n);
        }
        pieceSource[pieces] = source;
        pieceOffset[pieces] = offset;
        pieceLength[pieces] = length;
        pieceKind[pieces] = (byte) kind;
        pieces++;
        size[count] = Math.addExact(size[count], TrackPlan.outputLength(length, kind));
    }

    /** Ends the sample begun last; one without pieces (only repeated parameter sets) is dropped. */
    void end() {
        if (!open) throw new IllegalStateException("no sample begun");
        open = false;
        if (firstPiece[count] < pieces) count++;
        firstPiece[count] = pieces;
    }

    /**
     * The track, its last sample lasting until {@code boundary} (timescale units from the
     * presentation start) when that is after it, else the average interval.
     */
    TrackPlan build(Codec codec, int width, int height, int sampleRate, int channels, List<byte[]> parameterSets,
                    byte[] audioConfig, long boundary, int fallbackDuration) {
        int[] duration = new int[count];
        long[] dts = new long[count];
        long t0 = count == 0 ? 0 : time[0];
        for (int i = 0; i < count; i++) {
            dts[i] = time[i] - t0;
            if (i + 1 < count) duration[i] = Math.toIntExact(time[i + 1] - time[i]);
        }
        if (count > 0) {
            long last = boundary - time[count - 1];
            if (last <= 0) last = count > 1 ? Math.max(1, (time[count - 1] - t0) / (count - 1)) : fallbackDuration;
            duration[count - 1] = Math.toIntExact(last);
        }
        return new TrackPlan(codec, timescale, width, height, sampleRate, channels, parameterSets, audioConfig, t0, count, dts,
                duration, size, key, firstPiece, pieces, pieceSource, pieceOffset, pieceLength, pieceKind);
    }
}
