package dev.vigil.rtsp;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One access unit of one track: a coded picture (video) or one audio frame.
 *
 * <p><b>Ownership.</b> Every {@link ByteBuffer} here is a read-only view of a heap array that was
 * copied out of the network buffers while depacketizing and is not written again until the unit
 * is released. Nothing is reference counted and nothing can leak: a sink may keep the unit as long
 * as it likes or copy the bytes out ({@code buf.get(dst)}). A sink that is done with it (written
 * it, or dropped it) should call {@link #release()}, once, and read none of its buffers after:
 * the arrays of its large NAL units then go to later units instead of the garbage collector,
 * which spares the network threads the cost of fresh memory. Not calling it costs only that. The
 * accessors {@link #units()} and {@link #parameterSets()} return fresh views on every call, so
 * reading one (moving its position) never disturbs another reader.
 *
 * @param trackId       the caller's id of the track (e.g. the SDP media index)
 * @param codec         the codec of the track
 * @param timestamp     the 64-bit extended RTP timestamp (wraps of the 32-bit field unrolled)
 * @param clockRate     the RTP clock rate, in Hz, {@code timestamp} counts in
 * @param receiveNanos  the injected monotonic clock when the first packet of the unit arrived
 * @param units         video: the NAL units, each without a start code and with its
 *                      emulation-prevention bytes; audio: exactly one element, the frame
 *                      (AAC: a complete ADTS frame including its 7-byte header; G.711: raw samples)
 * @param unitFlags     one {@link NalFlags} value per element of {@code units}; audio: {@link NalFlags#KEY_FRAME}
 * @param keyFrame      video: the unit holds an IDR/IRAP slice; audio: always true
 * @param lossBefore    packets were lost (or dropped) between the previous emitted unit of this
 *                      track and this one; the decoder state before it cannot be trusted
 * @param parameterSets video: the parameter sets in effect (VPS, SPS, PPS, in that order) as of
 *                      this unit, whether from the SDP or in-band; audio: empty
 * @param width         luma width in pixels after cropping, 0 if unknown (or audio)
 * @param height        luma height in pixels after cropping, 0 if unknown (or audio)
 * @param releaser      what {@link #release()} runs; {@link #NOTHING_TO_RELEASE} for units whose
 *                      arrays are nobody's to reuse
 */
public record AccessUnit(
        int trackId,
        Codec codec,
        long timestamp,
        int clockRate,
        long receiveNanos,
        List<ByteBuffer> units,
        int[] unitFlags,
        boolean keyFrame,
        boolean lossBefore,
        List<ByteBuffer> parameterSets,
        int width,
        int height,
        Runnable releaser) {
    public static final Runnable NOTHING_TO_RELEASE = () -> {};

    public AccessUnit {
        java.util.Objects.requireNonNull(releaser, "releaser");
        units = views(units);
        parameterSets = views(parameterSets);
        unitFlags = unitFlags.clone();
        if (unitFlags.length != units.size()) {
            throw new IllegalArgumentException("one flags value per unit: " + unitFlags.length + " != " + units.size());
        }
    }

    /** A unit whose arrays are its own for good. */
    public AccessUnit(int trackId, Codec codec, long timestamp, int clockRate, long receiveNanos, List<ByteBuffer> units, int[] unitFlags,
            boolean keyFrame, boolean lossBefore, List<ByteBuffer> parameterSets, int width, int height) {
        this(trackId, codec, timestamp, clockRate, receiveNanos, units, unitFlags, keyFrame, lossBefore, parameterSets, width, height,
                NOTHING_TO_RELEASE);
    }

    /** The sink is done with this unit: its buffers may be reused for later ones (see Ownership). */
    public void release() {
        releaser.run();
    }

    /** A defensive copy: the record stays immutable. */
    @Override
    public int[] unitFlags() {
        return unitFlags.clone();
    }

    /** Fresh read-only views (position 0), so callers cannot disturb each other. */
    @Override
    public List<ByteBuffer> units() {
        return views(units);
    }

    /** Fresh read-only views (position 0), so callers cannot disturb each other. */
    @Override
    public List<ByteBuffer> parameterSets() {
        return views(parameterSets);
    }

    /** Unit {@code index} as a new array. */
    public byte[] unitBytes(int index) {
        ByteBuffer b = units.get(index).duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static List<ByteBuffer> views(List<ByteBuffer> list) {
        ByteBuffer[] out = new ByteBuffer[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i).asReadOnlyBuffer();
        return List.of(out);
    }

    public int flags(int index) {
        return unitFlags[index];
    }

    /** The sum of the unit sizes, without start codes. */
    public int size() {
        int n = 0;
        for (ByteBuffer b : units) n += b.remaining();  // the field: positions never move
        return n;
    }

    /** The presentation time in seconds relative to extended timestamp 0; for logs. */
    public double seconds() {
        return (double) timestamp / clockRate;
    }

    @Override
    public String toString() {
        return "AccessUnit[track=" + trackId + ", " + codec + ", ts=" + timestamp + "/" + clockRate
                + ", units=" + units.size() + ", bytes=" + size() + (keyFrame ? ", key" : "")
                + (lossBefore ? ", lossBefore" : "") + (width > 0 ? ", " + width + "x" + height : "") + "]";
    }
}
