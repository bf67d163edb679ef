package dev.vigil.storage.mp4;

import dev.vigil.storage.rf1.Codec;
import java.util.Arrays;
import java.util.List;

/**
 * The samples of one track of a plan, in compact arrays (an hour of video is ~10^5 samples).
 *
 * <p>A sample is made of <em>pieces</em>: byte ranges of a packets file, each turned into output by
 * dropping {@code skip} leading bytes (a start code, an ADTS header) and, for NAL units, writing a
 * 4-byte big-endian length in their place. A piece with a 4-byte start code therefore has the same
 * size in the file and in the output, and can be patched in place.
 *
 * <p>Times are in the track's timescale. {@code dts[i]} counts from the first sample;
 * {@code firstSampleOffset} is where the first sample lies relative to the presentation start of
 * the plan (negative: before it, the edit list skips that much; positive: the track starts late).
 */
final class TrackPlan {
    /** Piece kind bit: write a 4-byte length before the kept bytes (a NAL unit). */
    static final int LENGTH_PREFIX = 0x10;

    final Codec codec;
    final int timescale;
    final int width, height, sampleRate, channels;
    /** Video: the parameter sets of the sample description, in decoding order, without start codes. */
    final List<byte[]> parameterSets;
    /** AAC: the AudioSpecificConfig. */
    final byte[] audioConfig;
    final long firstSampleOffset;
    final int count;
    final long[] dts;
    final int[] duration;
    final int[] size;
    final boolean[] key;
    /** Pieces of sample i: {@code [firstPiece[i], firstPiece[i+1])}. */
    final int[] firstPiece;
    final int[] pieceSource;
    final long[] pieceOffset;
    final int[] pieceLength;
    /** Low 4 bits: bytes skipped; {@link #LENGTH_PREFIX}. */
    final byte[] pieceKind;

    TrackPlan(Codec codec, int timescale, int width, int height, int sampleRate, int channels, List<byte[]> parameterSets,
              byte[] audioConfig, long firstSampleOffset, int count, long[] dts, int[] duration, int[] size, boolean[] key,
              int[] firstPiece, int pieces, int[] pieceSource, long[] pieceOffset, int[] pieceLength, byte[] pieceKind) {
        this.codec = codec;
        this.timescale = timescale;
        this.width = width;
        this.height = height;
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.parameterSets = List.copyOf(parameterSets);
        this.audioConfig = audioConfig;
        this.firstSampleOffset = firstSampleOffset;
        this.count = count;
        this.dts = Arrays.copyOf(dts, count);
        this.duration = Arrays.copyOf(duration, count);
        this.size = Arrays.copyOf(size, count);
        this.key = Arrays.copyOf(key, count);
        this.firstPiece = Arrays.copyOf(firstPiece, count + 1);
        this.pieceSource = Arrays.copyOf(pieceSource, pieces);
        this.pieceOffset = Arrays.copyOf(pieceOffset, pieces);
        this.pieceLength = Arrays.copyOf(pieceLength, pieces);
        this.pieceKind = Arrays.copyOf(pieceKind, pieces);
    }

    boolean isVideo() {
        return codec.isVideo();
    }

    /** Sum of the sample durations. */
    long mediaDuration() {
        return count == 0 ? 0 : dts[count - 1] + duration[count - 1];
    }

    static int outputLength(int fileLength, int kind) {
        return fileLength - (kind & 0x0F) + ((kind & LENGTH_PREFIX) != 0 ? 4 : 0);
    }

    int pieceOutputLength(int p) {
        return outputLength(pieceLength[p], pieceKind[p]);
    }

    boolean allSync() {
        for (int i = 0; i < count; i++) if (!key[i]) return false;
        return true;
    }
}
