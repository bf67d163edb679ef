package dev.vigil.rtsp.fuzz;

import dev.vigil.rtsp.TrackReceiver;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;

/**
 * The input language of the depacketizer targets: a sequence of records, each one thing that can
 * happen to a track receiver. Most records carry an RTP packet whose header is built here (so the
 * fuzzer spends its effort on payloads, not on getting past the header checks) but whose sequence
 * number, timestamp, marker, SSRC and payload type it still controls; others carry a raw datagram,
 * an RTCP packet, or a pause of the clock. Reading past the end yields zeros, so every input is a
 * valid script.
 *
 * <pre>
 * byte 0        config: bit 0 UDP (reorder window) else TCP; bits 1..3 fmtp variant
 * record        op (1 byte), by op &amp; 3:
 *   0 packet    bit 2 marker, bit 3 foreign payload type, bit 4 foreign SSRC,
 *               bit 5 seq += next byte (else seq += 1), bit 6 ts += next u16 (else same ts),
 *               bit 7 seq -= next byte afterwards (reordering, duplicates);
 *               then u16 length and that many payload bytes
 *   1 raw RTP   u16 length, bytes: the whole datagram
 *   2 raw RTCP  u16 length, bytes
 *   3 pause     clock += next byte * 100 ms (5 s of silence lets another SSRC take over);
 *               bit 2: end of stream, flush()
 * </pre>
 *
 * Every record also moves the clock by 1 ms. At the end the receiver is closed, and every buffer
 * it was given must have been released exactly (see {@link TrackingAllocator}).
 */
final class PacketScript {
    static final int PT_OFFSET_FOREIGN = 1;
    static final int SSRC = 0x1234_5678;
    static final int FOREIGN_SSRC = 0x0BAD_CAFE;

    private final byte[] in;
    private final TrackingAllocator buffers = new TrackingAllocator();
    private int pos;

    private PacketScript(byte[] in) {
        this.in = in;
        this.pos = 1;
    }

    static int configByte(byte[] in) {
        return in.length == 0 ? 0 : in[0] & 0xFF;
    }

    static boolean udp(byte[] in) {
        return (configByte(in) & 1) != 0;
    }

    static int variant(byte[] in, int variants) {
        return ((configByte(in) >> 1) & 7) % variants;
    }

    /**
     * Plays the script's records into {@code receiver}, then closes it; {@code clock} is the
     * receiver's. Throws if a buffer given to the receiver is still referenced after the close.
     */
    static void play(byte[] in, TrackReceiver receiver, MutableClock clock, int payloadType) {
        new PacketScript(in).run(receiver, clock, payloadType);
    }

    private void run(TrackReceiver receiver, MutableClock clock, int payloadType) {
        int seq = 1000;
        long ts = 90_000;
        while (pos < in.length) {
            int op = next();
            clock.advanceNanos(1_000_000);
            switch (op & 3) {
                case 0 -> {
                    seq += (op & 0x20) != 0 ? next() : 1;
                    if ((op & 0x40) != 0) ts += nextU16();
                    byte[] payload = bytes(nextU16());
                    int pt = (op & 0x08) != 0 ? (payloadType + PT_OFFSET_FOREIGN) & 0x7F : payloadType;
                    int ssrc = (op & 0x10) != 0 ? FOREIGN_SSRC : SSRC;
                    feed(receiver, rtp(pt, seq & 0xFFFF, ts, ssrc, (op & 0x04) != 0, payload));
                    if ((op & 0x80) != 0) seq -= next();
                }
                case 1 -> feed(receiver, bytes(nextU16()));
                case 2 -> {
                    byte[] packet = bytes(nextU16());
                    ByteBuf b = buffers.copyOf(packet, 0, packet.length);
                    try {
                        receiver.onRtcp(b);
                    } finally {
                        b.release();
                    }
                }
                default -> {
                    clock.advanceNanos(next() * 100_000_000L);
                    if ((op & 0x04) != 0) receiver.flush();
                }
            }
        }
        receiver.close();
        if (buffers.unreleased() != 0) {
            throw new AssertionError(buffers.unreleased() + " of " + buffers.allocations() + " buffers still referenced after close");
        }
    }

    private void feed(TrackReceiver receiver, byte[] datagram) {
        ByteBuf b = buffers.copyOf(datagram, 0, datagram.length);
        try {
            receiver.onRtp(b);
        } finally {
            b.release();
        }
    }

    private int next() {
        return pos < in.length ? in[pos++] & 0xFF : 0;
    }

    private int nextU16() {
        return (next() << 8) | next();
    }

    private byte[] bytes(int n) {
        int k = Math.min(n, in.length - pos);
        byte[] b = new byte[k];
        System.arraycopy(in, pos, b, 0, k);
        pos += k;
        return b;
    }

    static byte[] rtp(int pt, int seq, long ts, int ssrc, boolean marker, byte[] payload) {
        return dev.vigil.rtsp.testing.Rtp.packet(pt, seq, ts, ssrc, marker, payload);
    }

    /** Writes scripts, for the seed corpus. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer(int config) {
            out.write(config);
        }

        /** A packet with the next sequence number; {@code tsStep} 0 keeps the timestamp. */
        Writer packet(boolean marker, int tsStep, byte[] payload) {
            return packet(marker, tsStep, 1, payload);
        }

        /** As {@link #packet(boolean, int, byte[])} but the sequence number moves by {@code seqStep} (0..255). */
        Writer packet(boolean marker, int tsStep, int seqStep, byte[] payload) {
            int op = (marker ? 0x04 : 0) | (seqStep != 1 ? 0x20 : 0) | (tsStep != 0 ? 0x40 : 0);
            out.write(op);
            if (seqStep != 1) out.write(seqStep);
            if (tsStep != 0) u16(tsStep);
            u16(payload.length);
            out.writeBytes(payload);
            return this;
        }

        Writer foreignSsrc(boolean marker, int tsStep, byte[] payload) {
            out.write((marker ? 0x04 : 0) | 0x10 | (tsStep != 0 ? 0x40 : 0));
            if (tsStep != 0) u16(tsStep);
            u16(payload.length);
            out.writeBytes(payload);
            return this;
        }

        Writer rtcp(byte[] packet) {
            out.write(2);
            u16(packet.length);
            out.writeBytes(packet);
            return this;
        }

        Writer pause(int tenthsOfSecond) {
            out.write(3);
            out.write(tenthsOfSecond);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void u16(int v) {
            out.write(v >> 8);
            out.write(v);
        }
    }

    /** The receiver's clock, moved by the script. */
    static final class MutableClock implements java.util.function.LongSupplier {
        private long now = 1_000_000_000L;

        void advanceNanos(long n) {
            now += n;
        }

        @Override
        public long getAsLong() {
            return now;
        }
    }
}
