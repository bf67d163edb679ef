package dev.vigil.rtsp.codec;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.AccessUnitSink;
import dev.vigil.rtsp.Gap;
import dev.vigil.rtsp.NalFlags;
import dev.vigil.rtsp.TrackConfig;
import dev.vigil.rtsp.TrackStats;
import dev.vigil.rtsp.rtp.RtpPacket;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * G.711 µ-law/A-law (RFC 3551 PT 0/8, 8000 Hz): one sample per byte, no framing, so every packet's
 * payload is passed through as one unit.
 */
final class G711Depacketizer extends BaseDepacketizer {
    G711Depacketizer(TrackConfig config, AccessUnitSink sink, TrackStats stats) {
        super(config, sink, stats);
    }

    @Override
    public void push(RtpPacket packet, long timestamp, long receiveNanos, int lostBefore) {
        if (lostBefore > 0) gap(Gap.Reason.PACKET_LOSS, lostBefore, receiveNanos);
        ByteBuf payload = packet.payload();
        if (!payload.isReadable()) return;
        byte[] p = new byte[payload.readableBytes()]; // the payload is borrowed: the unit gets a copy
        payload.getBytes(payload.readerIndex(), p);
        emit(new AccessUnit(trackId, codec, timestamp, clockRate, receiveNanos,
                List.of(ByteBuffer.wrap(p)), new int[] {NalFlags.KEY_FRAME}, true, takeLossPending(),
                List.of(), 0, 0));
    }

    @Override
    public void restart(long receiveNanos) {
        gap(Gap.Reason.SOURCE_RESTART, 0, receiveNanos);
    }
}
