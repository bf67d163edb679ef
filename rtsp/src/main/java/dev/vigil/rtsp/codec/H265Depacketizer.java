package dev.vigil.rtsp.codec;

import dev.vigil.rtsp.AccessUnitSink;
import dev.vigil.rtsp.NalFlags;
import dev.vigil.rtsp.TrackConfig;
import dev.vigil.rtsp.TrackStats;
import dev.vigil.rtsp.TrackStats.Counter;
import io.netty.buffer.ByteBuf;

/**
 * H.265 over RTP, RFC 7798: single NAL unit packets, aggregation packets (48) and fragmentation
 * units (49), all with the 2-byte NAL unit header. DONL/DOND fields are skipped when the SDP
 * announces {@code sprop-max-don-diff > 0}; PACI (50) is counted and dropped.
 */
final class H265Depacketizer extends VideoDepacketizer {
    static final int AP = 48;
    static final int FU = 49;
    static final int PACI = 50;
    static final int VPS = 32;
    static final int SPS = 33;
    static final int PPS = 34;

    /** §4.4.1: DONL present in packets when sprop-max-don-diff is greater than 0. */
    private final boolean donl;

    H265Depacketizer(TrackConfig config, AccessUnitSink sink, TrackStats stats) {
        super(config, sink, stats);
        boolean d = false;
        try {
            d = Integer.parseInt(config.fmtp().getOrDefault("sprop-max-don-diff", "0").trim()) > 0;
        } catch (NumberFormatException e) {
            stats.increment(Counter.INVALID_SPROP);
        }
        this.donl = d;
        for (String key : new String[] {"sprop-vps", "sprop-sps", "sprop-pps"}) {
            String v = config.fmtp().get(key);
            if (v == null) continue;
            for (String b64 : v.split(",")) {
                if (!b64.isBlank()) sprop(b64.trim(), key);
            }
        }
    }

    private void sprop(String b64, String key) {
        byte[] nal = decodeSprop(b64);
        if (nal == null) return;
        int type = nalType(nal);
        int expected = switch (key) {
            case "sprop-vps" -> VPS;
            case "sprop-sps" -> SPS;
            default -> PPS;
        };
        boolean valid = type == expected && switch (type) {
            case VPS -> H265Sps.vpsId(nal) >= 0;
            case SPS -> H265Sps.parse(nal) != null;
            default -> H265Sps.ppsId(nal) >= 0;
        };
        if (valid) {
            parameterSet(type, nal);
        } else {
            stats.increment(Counter.INVALID_SPROP);
        }
    }

    @Override
    void depacketize(ByteBuf p) {
        if (p.readableBytes() < 2) {
            stats.increment(Counter.MALFORMED_PAYLOAD);
            return;
        }
        int type = (u8(p, 0) >> 1) & 0x3F;
        if (type != FU) notFragment();
        switch (type) {
            case AP -> aggregation(p);
            case FU -> fragmentation(p);
            case PACI -> stats.increment(Counter.UNSUPPORTED);
            default -> {
                if (type > PACI) stats.increment(Counter.UNSUPPORTED); // 51..63 unspecified
                else addNal(copy(p, 0, p.readableBytes()));
            }
        }
    }

    /** §4.4.2: header(2), [DONL(2)], (size(2), NAL)*, later units preceded by [DOND(1)]. */
    private void aggregation(ByteBuf p) {
        int length = p.readableBytes();
        int pos = 2 + (donl ? 2 : 0);
        boolean first = true;
        while (pos < length) {
            if (!first && donl) pos += 1;
            first = false;
            if (pos + 2 > length) break;
            int size = (u8(p, pos) << 8) | u8(p, pos + 1);
            pos += 2;
            if (size < 2 || pos + size > length) {
                stats.increment(Counter.MALFORMED_PAYLOAD);
                return;
            }
            addNal(copy(p, pos, size));
            pos += size;
        }
    }

    /** §4.4.3: header(2, type 49), FU header (S, E, type), [DONL(2) on the first], fragment. */
    private void fragmentation(ByteBuf p) {
        int length = p.readableBytes();
        int fuHeader = length > 2 ? u8(p, 2) : -1;
        boolean start = (fuHeader & 0x80) != 0;
        int from = 3 + (donl && start ? 2 : 0);
        if (fuHeader < 0 || length <= from) {
            stats.increment(Counter.MALFORMED_PAYLOAD);
            return;
        }
        boolean end = (fuHeader & 0x40) != 0;
        if (start) {
            // Rebuild the header: F and the top LayerId bit from the payload header, the real type.
            byte h0 = (byte) ((u8(p, 0) & 0x81) | ((fuHeader & 0x3F) << 1));
            fragmentStart(new byte[] {h0, (byte) u8(p, 1)}, p, from);
            if (end) fragmentContinue(p, length, true);
        } else {
            fragmentContinue(p, from, end);
        }
    }

    @Override
    int nalType(byte[] nal) {
        return nal.length >= 2 ? (nal[0] >> 1) & 0x3F : -1;
    }

    @Override
    boolean isPicture(int type) {
        return type < 32;
    }

    @Override
    int flags(int type) {
        return NalFlags.h265(type);
    }

    @Override
    void parameterSet(int type, byte[] nal) {
        switch (type) {
            case VPS -> {
                int id = H265Sps.vpsId(nal);
                if (id < 0) stats.increment(Counter.BAD_PARAMETER_SET);
                parameterSets.put(ParameterSets.Kind.VPS, id, nal);
            }
            case SPS -> {
                H265Sps sps = H265Sps.parse(nal);
                if (sps == null) {
                    stats.increment(Counter.BAD_PARAMETER_SET);
                    parameterSets.put(ParameterSets.Kind.SPS, -1, nal);
                    return;
                }
                parameterSets.put(ParameterSets.Kind.SPS, sps.id(), nal);
                width = sps.width();
                height = sps.height();
            }
            default -> {
                int id = H265Sps.ppsId(nal);
                if (id < 0) stats.increment(Counter.BAD_PARAMETER_SET);
                parameterSets.put(ParameterSets.Kind.PPS, id, nal);
            }
        }
    }
}
