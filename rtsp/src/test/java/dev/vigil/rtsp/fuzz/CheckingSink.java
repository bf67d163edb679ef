package dev.vigil.rtsp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.AccessUnitSink;
import dev.vigil.rtsp.Codec;
import dev.vigil.rtsp.Gap;
import dev.vigil.rtsp.NalFlags;
import dev.vigil.rtsp.TrackConfig;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A sink that checks every access unit against the contract of {@link AccessUnit} and
 * {@link AccessUnitSink}, whatever packets produced it:
 * <ul>
 *   <li>at least one unit, none empty, one flags value per unit, and each unit's flags are the
 *       ones its NAL type calls for (audio: exactly one unit flagged as key frame);
 *   <li>{@code keyFrame} is set exactly when a unit is flagged KEY_FRAME;
 *   <li>video: the first unit and any unit after a gap are key frames (nothing before them can be
 *       decoded);
 *   <li>{@code lossBefore} is set exactly when a gap was signalled since the previous unit;
 *   <li>AAC: a well-formed ADTS frame whose length field is the unit's length.
 * </ul>
 */
final class CheckingSink implements AccessUnitSink {
    private final TrackConfig config;
    private boolean gapSinceLast;
    long accepted;
    long gaps;

    CheckingSink(TrackConfig config) {
        this.config = config;
    }

    @Override
    public void accept(AccessUnit au) {
        assertThat(au.trackId()).isEqualTo(config.trackId());
        assertThat(au.codec()).isEqualTo(config.codec());
        assertThat(au.clockRate()).isPositive();
        List<ByteBuffer> units = au.units();
        int[] flags = au.unitFlags();
        assertThat(units).as("units of %s", au).isNotEmpty();
        assertThat(flags).hasSize(units.size());
        for (ByteBuffer u : units) assertThat(u.remaining()).as("a unit of %s", au).isPositive();
        assertThat(au.lossBefore()).as("lossBefore of %s vs. a gap signalled before it", au).isEqualTo(gapSinceLast);
        if (config.codec().isVideo()) {
            video(au, flags);
        } else {
            audio(au, flags);
        }
        gapSinceLast = false;
        accepted++;
    }

    private void video(AccessUnit au, int[] flags) {
        boolean anyKey = false;
        for (int i = 0; i < flags.length; i++) {
            byte[] nal = au.unitBytes(i);
            int expected;
            if (config.codec() == Codec.H264) {
                expected = NalFlags.h264(nal[0] & 0x1F);
            } else {
                assertThat(nal.length).as("H.265 NAL unit shorter than its header").isGreaterThanOrEqualTo(2);
                expected = NalFlags.h265((nal[0] >> 1) & 0x3F);
            }
            assertThat(flags[i]).as("flags of unit %d of %s", i, au).isEqualTo(expected);
            anyKey |= (flags[i] & NalFlags.KEY_FRAME) != 0;
        }
        assertThat(au.keyFrame()).as("keyFrame of %s", au).isEqualTo(anyKey);
        if (accepted == 0 || au.lossBefore()) assertThat(au.keyFrame()).as("first or after-loss %s", au).isTrue();
        for (ByteBuffer ps : au.parameterSets()) assertThat(ps.remaining()).isPositive();
        assertThat(au.width()).isNotNegative();
        assertThat(au.height()).isNotNegative();
    }

    private void audio(AccessUnit au, int[] flags) {
        assertThat(flags).containsExactly(NalFlags.KEY_FRAME);
        assertThat(au.keyFrame()).isTrue();
        assertThat(au.parameterSets()).isEmpty();
        if (config.codec() != Codec.AAC) return;
        byte[] f = au.unitBytes(0);
        assertThat(f.length).as("ADTS header and at least one byte").isGreaterThan(7);
        assertThat(((f[0] & 0xFF) << 4) | ((f[1] & 0xF0) >> 4)).as("ADTS sync word").isEqualTo(0xFFF);
        int frameLength = ((f[3] & 0x03) << 11) | ((f[4] & 0xFF) << 3) | ((f[5] & 0xE0) >> 5);
        assertThat(frameLength).as("ADTS frame_length").isEqualTo(f.length);
    }

    @Override
    public void gap(Gap gap) {
        assertThat(gap.trackId()).isEqualTo(config.trackId());
        assertThat(gap.lostPackets()).isNotNegative();
        gapSinceLast = true;
        gaps++;
    }
}
