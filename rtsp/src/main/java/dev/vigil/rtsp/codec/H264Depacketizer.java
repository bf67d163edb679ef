package dev.vigil.rtsp.codec;

import dev.vigil.rtsp.AccessUnitSink;
import dev.vigil.rtsp.NalFlags;
import dev.vigil.rtsp.TrackConfig;
import dev.vigil.rtsp.TrackStats;
import dev.vigil.rtsp.TrackStats.Counter;
import io.netty.buffer.ByteBuf;

/**
 * H.264 over RTP, RFC 6184 in packetization modes 0 and 1: single NAL unit packets, STAP-A and
 * FU-A. STAP-B, MTAP16/24 and FU-B exist only in interleaved mode, which no camera uses; they
 * are counted and dropped.
 */
final class H264Depacketizer extends VideoDepacketizer {
    static final int STAP_A = 24;
    static final int STAP_B = 25;
    static final int MTAP16 = 26;
    static final int MTAP24 = 27;
    static final int FU_A = 28;
    static final int FU_B = 29;

    H264Depacketizer(TrackConfig config, AccessUnitSink sink, TrackStats stats) {
        super(config, sink, stats);
        String sprop = config.fmtp().get("sprop-parameter-sets");
        if (sprop != null) {
            for (String b64 : sprop.split(",")) {
                if (!b64.isBlank()) sprop(b64.trim());
            }
        }
    }

    /** One base64 parameter set from the SDP; anything odd is counted and ignored. */
    private void sprop(String b64) {
        byte[] nal = decodeSprop(b64);
        if (nal == null) return;
        int type = nal.length > 0 ? nal[0] & 0x1F : -1;
        if (type == 7 && H264Sps.parse(nal) != null || type == 8 && H264Sps.ppsId(nal) >= 0) {
            parameterSet(type, nal);
        } else {
            stats.increment(Counter.INVALID_SPROP);
        }
    }

    @Override
    void depacketize(ByteBuf p) {
        int type = u8(p, 0) & 0x1F;
        if (type != FU_A) notFragment();
        switch (type) {
            case STAP_A -> stapA(p);
            case FU_A -> fuA(p);
            case STAP_B, MTAP16, MTAP24, FU_B, 0, 30, 31 -> stats.increment(Counter.UNSUPPORTED);
            default -> addNal(copy(p, 0, p.readableBytes()));
        }
    }

    /** RFC 6184 §5.7.1: header byte, then (16-bit size, NAL unit)*. */
    private void stapA(ByteBuf p) {
        int length = p.readableBytes();
        int pos = 1;
        while (pos + 2 <= length) {
            int size = (u8(p, pos) << 8) | u8(p, pos + 1);
            pos += 2;
            if (size == 0 || pos + size > length) {
                stats.increment(Counter.MALFORMED_PAYLOAD);
                return;
            }
            addNal(copy(p, pos, size));
            pos += size;
        }
    }

    /** RFC 6184 §5.8: FU indicator (F, NRI, 28), FU header (S, E, R, type), fragment. */
    private void fuA(ByteBuf p) {
        int length = p.readableBytes();
        if (length < 3) {
            stats.increment(Counter.MALFORMED_PAYLOAD);
            return;
        }
        int fuHeader = u8(p, 1);
        boolean start = (fuHeader & 0x80) != 0;
        boolean end = (fuHeader & 0x40) != 0;
        if (start) {
            byte nalHeader = (byte) ((u8(p, 0) & 0xE0) | (fuHeader & 0x1F));
            fragmentStart(new byte[] {nalHeader}, p, 2);
            // S and E together is forbidden by the RFC but harmless: treat it as a whole unit.
            if (end) fragmentContinue(p, length, true);
        } else {
            fragmentContinue(p, 2, end);
        }
    }

    @Override
    int nalType(byte[] nal) {
        return nal.length >= 1 ? nal[0] & 0x1F : -1;
    }

    @Override
    boolean isPicture(int type) {
        return type >= 1 && type <= 5;
    }

    @Override
    int flags(int type) {
        return NalFlags.h264(type);
    }

    @Override
    void parameterSet(int type, byte[] nal) {
        if (type == 7) {
            H264Sps sps = H264Sps.parse(nal);
            if (sps == null) {
                stats.increment(Counter.BAD_PARAMETER_SET);
                parameterSets.put(ParameterSets.Kind.SPS, -1, nal);
                return;
            }
            parameterSets.put(ParameterSets.Kind.SPS, sps.id(), nal);
            width = sps.width();
            height = sps.height();
        } else {
            int id = H264Sps.ppsId(nal);
            if (id < 0) stats.increment(Counter.BAD_PARAMETER_SET);
            parameterSets.put(ParameterSets.Kind.PPS, id, nal);
        }
    }
}
