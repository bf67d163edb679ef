package dev.vigil.rtsp.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.function.Consumer;

/**
 * RFC 6184 packetization mode 1 for the simulated camera: a NAL unit that fits the payload size
 * goes alone, a larger one in FU-A fragments. The marker bit is set on the access unit's last
 * packet. Each packet is a complete RTP packet (12-byte header + payload).
 */
final class H264Packetizer {
    static final int PAYLOAD_TYPE = 96;
    private final int maxPayload;
    private final int ssrc;
    private int sequence;

    H264Packetizer(int maxPayload, int ssrc, int firstSequence) {
        this.maxPayload = maxPayload;
        this.ssrc = ssrc;
        this.sequence = firstSequence;
    }

    int nextSequence() {
        return sequence & 0xFFFF;
    }

    /** Packets of one access unit at RTP time {@code timestamp}, handed to {@code out} in order. */
    void packetize(List<byte[]> nals, long timestamp, ByteBufAllocator alloc, Consumer<ByteBuf> out) {
        for (int n = 0; n < nals.size(); n++) {
            byte[] nal = nals.get(n);
            boolean lastNal = n == nals.size() - 1;
            if (nal.length <= maxPayload) {
                ByteBuf p = header(alloc, lastNal, timestamp, nal.length);
                p.writeBytes(nal);
                out.accept(p);
                continue;
            }
            int fuIndicator = (nal[0] & 0xE0) | 28;
            int type = nal[0] & 0x1F;
            for (int offset = 1; offset < nal.length; ) {
                int chunk = Math.min(maxPayload - 2, nal.length - offset);
                boolean first = offset == 1;
                boolean last = offset + chunk == nal.length;
                ByteBuf p = header(alloc, lastNal && last, timestamp, chunk + 2);
                p.writeByte(fuIndicator);
                p.writeByte((first ? 0x80 : 0) | (last ? 0x40 : 0) | type);
                p.writeBytes(nal, offset, chunk);
                out.accept(p);
                offset += chunk;
            }
        }
    }

    /** One packet of another payload type, numbered in this stream's sequence (a quirk some cameras have). */
    ByteBuf other(int payloadType, long timestamp, byte[] payload, ByteBufAllocator alloc) {
        ByteBuf p = header(alloc, payloadType, false, timestamp, payload.length);
        return p.writeBytes(payload);
    }

    private ByteBuf header(ByteBufAllocator alloc, boolean marker, long timestamp, int payload) {
        return header(alloc, PAYLOAD_TYPE, marker, timestamp, payload);
    }

    private ByteBuf header(ByteBufAllocator alloc, int payloadType, boolean marker, long timestamp, int payload) {
        ByteBuf p = alloc.buffer(12 + payload);
        p.writeByte(0x80);
        p.writeByte((marker ? 0x80 : 0) | payloadType);
        p.writeShort(sequence++ & 0xFFFF);
        p.writeInt((int) timestamp);
        p.writeInt(ssrc);
        return p;
    }
}
