package dev.vigil.rtsp.codec;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.AccessUnitSink;
import dev.vigil.rtsp.Gap;
import dev.vigil.rtsp.NalFlags;
import dev.vigil.rtsp.TrackConfig;
import dev.vigil.rtsp.TrackStats;
import dev.vigil.rtsp.TrackStats.Counter;
import dev.vigil.rtsp.rtp.RtpPacket;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * AAC in RTP {@code mpeg4-generic} (RFC 3640), AAC-hbr and AAC-lbr modes: a 16-bit
 * AU-headers-length in bits, AU headers of {@code sizeLength} + {@code indexLength} (later ones
 * {@code indexDeltaLength}) bits, then the AUs back to back. Each AU becomes one ADTS frame.
 * An AU larger than a packet is fragmented over packets with the same timestamp (one AU header
 * each, giving the whole size); those are reassembled. Interleaving (non-zero index deltas) is
 * not supported: counted, and AUs are taken in order.
 *
 * <p>AU bytes are copied once, from the payload (borrowed, see {@link Depacketizer}) straight
 * into their ADTS frame; a fragmented AU is gathered in its frame as the pieces arrive.
 */
final class AacDepacketizer extends BaseDepacketizer {
    private final AudioSpecificConfig config;
    private final int sizeLength;
    private final int indexLength;
    private final int indexDeltaLength;
    private final int frameDuration;

    /** The ADTS frame of the fragmented AU being gathered, and how many AU bytes it has so far. */
    private byte[] fragment;
    private int fragmentFilled;
    private int fragmentSize = -1;
    private boolean discarding;
    private long fragmentTimestamp;
    private long fragmentReceiveNanos;

    AacDepacketizer(TrackConfig c, AccessUnitSink sink, TrackStats stats) {
        super(c, sink, stats);
        this.config = AudioSpecificConfig.fromHex(c.fmtp().get("config"));
        this.sizeLength = intParam(c, "sizelength", 13);
        this.indexLength = intParam(c, "indexlength", 3);
        this.indexDeltaLength = intParam(c, "indexdeltalength", 3);
        this.frameDuration = intParam(c, "constantduration", 1024);
        if (!usable()) stats.increment(Counter.INVALID_CONFIG);
    }

    private static int intParam(TrackConfig c, String key, int dflt) {
        try {
            return Integer.parseInt(c.fmtp().getOrDefault(key, Integer.toString(dflt)).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private boolean usable() {
        return config != null && sizeLength >= 1 && sizeLength <= 16 && indexLength >= 0 && indexLength <= 8
                && indexDeltaLength >= 0 && indexDeltaLength <= 8 && frameDuration > 0;
    }

    @Override
    public void push(RtpPacket packet, long timestamp, long receiveNanos, int lostBefore) {
        if (lostBefore > 0) {
            dropFragment();
            gap(Gap.Reason.PACKET_LOSS, lostBefore, receiveNanos);
        }
        if (!usable()) {
            stats.increment(Counter.PACKETS_DROPPED);
            return;
        }
        ByteBuf p = packet.payload();
        int length = p.readableBytes();
        if (length < 2) {
            stats.increment(Counter.MALFORMED_PAYLOAD);
            return;
        }
        int headerBits = p.getUnsignedShort(p.readerIndex());
        int dataStart = 2 + (headerBits + 7) / 8;
        if (dataStart > length) {
            stats.increment(Counter.MALFORMED_PAYLOAD);
            return;
        }
        // All AU sizes first, so a malformed packet yields nothing rather than half of it.
        byte[] headers = new byte[dataStart]; // just the AU headers: a few bytes
        p.getBytes(p.readerIndex(), headers);
        BitReader r = new BitReader(headers, 2);
        int first = sizeLength + indexLength;
        int later = sizeLength + indexDeltaLength;
        int count = headerBits < first ? 0 : 1 + (headerBits - first) / later;
        int[] sizes = new int[count];
        boolean interleaved = false;
        for (int i = 0; i < count; i++) {
            sizes[i] = r.readInt(sizeLength);
            if (r.readInt(i == 0 ? indexLength : indexDeltaLength) != 0) interleaved = true;
        }
        if (interleaved) stats.increment(Counter.UNSUPPORTED);

        int pos = dataStart;
        boolean piece = count == 1 && pos + sizes[0] > length;
        if (lostBefore > 0 && piece) discarding = true;
        if (discarding) {
            if (piece) {
                // After a loss a piece cannot be told from the head of a new AU: skip to the
                // packet with the marker, which ends the fragmented AU.
                stats.increment(Counter.PACKETS_DROPPED);
                if (packet.marker()) discarding = false;
                return;
            }
            discarding = false;
        }
        if (piece || (count == 1 && fragmentSize >= 0)) {
            fragment(p, pos, sizes[0], timestamp, receiveNanos);
            return;
        }
        if (fragmentSize >= 0) dropFragment(); // a whole-AU packet while a fragment was open
        long total = 0;
        for (int size : sizes) total += size;
        if (pos + total > length) {
            stats.increment(Counter.MALFORMED_PAYLOAD);
            return;
        }
        for (int i = 0; i < count; i++) {
            emitFrame(p, pos, sizes[i], timestamp + (long) i * frameDuration, receiveNanos);
            pos += sizes[i];
        }
    }

    /** One piece of an AU spread over packets (RFC 3640 §3.2.3). */
    private void fragment(ByteBuf p, int pos, int size, long timestamp, long receiveNanos) {
        if (fragmentSize >= 0 && (fragmentSize != size || fragmentTimestamp != timestamp)) dropFragment();
        if (fragmentSize < 0) {
            fragmentSize = size;
            fragmentTimestamp = timestamp;
            fragmentReceiveNanos = receiveNanos;
            fragment = new byte[AudioSpecificConfig.ADTS_HEADER + size];
            fragmentFilled = 0;
        }
        int n = Math.min(p.readableBytes() - pos, size - fragmentFilled);
        p.getBytes(p.readerIndex() + pos, fragment, AudioSpecificConfig.ADTS_HEADER + fragmentFilled, n);
        fragmentFilled += n;
        if (fragmentFilled == size) {
            byte[] whole = fragment;
            fragment = null;
            fragmentSize = -1;
            if (framable(size)) emitFrame(whole, size, fragmentTimestamp, fragmentReceiveNanos);
        }
    }

    private void dropFragment() {
        if (fragmentSize >= 0) stats.increment(Counter.FRAGMENTS_DROPPED);
        fragmentSize = -1;
        fragment = null;
    }

    /** One whole AU of {@code p} (borrowed), copied into its frame. */
    private void emitFrame(ByteBuf p, int pos, int size, long timestamp, long receiveNanos) {
        if (!framable(size)) return;
        byte[] frame = new byte[AudioSpecificConfig.ADTS_HEADER + size];
        p.getBytes(p.readerIndex() + pos, frame, AudioSpecificConfig.ADTS_HEADER, size);
        emitFrame(frame, size, timestamp, receiveNanos);
    }

    /** False for an empty AU, and (counted) for one too big for ADTS's 13-bit length. */
    private boolean framable(int size) {
        if (size == 0) return false;
        if (size + AudioSpecificConfig.ADTS_HEADER > AudioSpecificConfig.MAX_FRAME) {
            stats.increment(Counter.MALFORMED_PAYLOAD); // cannot be described by ADTS's 13-bit length
            return false;
        }
        return true;
    }

    /** {@code frame}: room for the ADTS header, then the AU's {@code size} bytes. */
    private void emitFrame(byte[] frame, int size, long timestamp, long receiveNanos) {
        System.arraycopy(config.adtsHeader(size), 0, frame, 0, AudioSpecificConfig.ADTS_HEADER);
        emit(new AccessUnit(trackId, codec, timestamp, clockRate, receiveNanos,
                List.of(ByteBuffer.wrap(frame)), new int[] {NalFlags.KEY_FRAME}, true, takeLossPending(),
                List.of(), 0, 0));
    }

    @Override
    public void restart(long receiveNanos) {
        dropFragment();
        discarding = false;
        gap(Gap.Reason.SOURCE_RESTART, 0, receiveNanos);
    }
}
