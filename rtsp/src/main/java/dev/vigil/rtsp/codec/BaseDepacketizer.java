package dev.vigil.rtsp.codec;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.AccessUnitSink;
import dev.vigil.rtsp.Codec;
import dev.vigil.rtsp.Gap;
import dev.vigil.rtsp.TrackConfig;
import dev.vigil.rtsp.TrackStats;

/** Loss bookkeeping and emission shared by all depacketizers. */
abstract class BaseDepacketizer implements Depacketizer {
    final int trackId;
    final Codec codec;
    final int clockRate;
    final AccessUnitSink sink;
    final TrackStats stats;

    /** Nothing emitted yet: a "loss" before the first unit is just joining mid-stream, not a gap. */
    private boolean emittedAny;
    private boolean lossPending;

    BaseDepacketizer(TrackConfig config, AccessUnitSink sink, TrackStats stats) {
        this.trackId = config.trackId();
        this.codec = config.codec();
        this.clockRate = config.clockRate();
        this.sink = sink;
        this.stats = stats;
    }

    /** Records an interruption; the next emitted unit carries {@code lossBefore}. */
    final void gap(Gap.Reason reason, long lostPackets, long receiveNanos) {
        if (!emittedAny) return;
        lossPending = true;
        sink.gap(new Gap(trackId, reason, lostPackets, receiveNanos));
    }

    /** Consumes the pending-loss mark: to be passed as the next unit's {@code lossBefore}. */
    final boolean takeLossPending() {
        boolean l = lossPending;
        lossPending = false;
        return l;
    }

    final void emit(AccessUnit au) {
        emittedAny = true;
        stats.increment(TrackStats.Counter.UNITS_EMITTED);
        sink.accept(au);
    }
}
