package dev.vigil.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessUnitTest {
    static AccessUnit unit(byte[] data, int[] flags) {
        return new AccessUnit(1, Codec.H264, 90_000, 90_000, 5, List.of(ByteBuffer.wrap(data)), flags, true, false,
                List.of(), 0, 0);
    }

    @Test
    void isImmutableFromTheOutside() {
        byte[] data = {0x65, 1, 2};
        int[] flags = {NalFlags.KEY_FRAME | NalFlags.ANNEX_B};
        AccessUnit au = unit(data, flags);
        flags[0] = 0;
        au.unitFlags()[0] = 0;
        assertThat(au.flags(0)).isEqualTo(5);
        assertThat(au.units().get(0).isReadOnly()).isTrue();
        assertThatThrownBy(() -> au.units().add(ByteBuffer.allocate(1))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(au.size()).isEqualTo(3);
        assertThat(au.unitBytes(0)).containsExactly(0x65, 1, 2);
        assertThat(au.seconds()).isEqualTo(1.0);
    }

    @Test
    void oneFlagsValuePerUnit() {
        assertThatThrownBy(() -> unit(new byte[] {1}, new int[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nalFlagsMatchRf1() {
        assertThat(NalFlags.h264(5)).isEqualTo(5);
        assertThat(NalFlags.h264(7)).isEqualTo(6);
        assertThat(NalFlags.h264(8)).isEqualTo(6);
        assertThat(NalFlags.h264(6)).isEqualTo(4);
        assertThat(NalFlags.h265(19)).isEqualTo(5);
        assertThat(NalFlags.h265(21)).isEqualTo(5);
        assertThat(NalFlags.h265(32)).isEqualTo(6);
        assertThat(NalFlags.h265(34)).isEqualTo(6);
        assertThat(NalFlags.h265(39)).isEqualTo(4);
        assertThat(NalFlags.h265(1)).isEqualTo(4);
    }
}
