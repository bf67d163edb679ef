package dev.vigil.rtsp.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimestampExtenderTest {
    @Test
    void unrollsWraparound() {
        TimestampExtender x = new TimestampExtender();
        assertThat(x.extend(0xFFFF_FF00L)).isEqualTo(0xFFFF_FF00L);
        assertThat(x.extend(0x0000_0100L)).isEqualTo(0x1_0000_0100L);
        assertThat(x.extend(0x7FFF_0000L)).isEqualTo(0x1_7FFF_0000L);
        assertThat(x.extend(0xF000_0000L)).isEqualTo(0x1_F000_0000L);
        assertThat(x.extend(0x0000_0000L)).isEqualTo(0x2_0000_0000L);
    }

    @Test
    void toleratesBackwardsJumpsIncludingAcrossTheWrap() {
        TimestampExtender x = new TimestampExtender();
        x.extend(0x0000_0100L);
        assertThat(x.extend(0x0000_0050L)).as("B-frame order").isEqualTo(0x50L);
        assertThat(x.extend(0xFFFF_FFF0L)).as("back across the wrap").isEqualTo(-0x10L);
        assertThat(x.extend(0x0000_0200L)).isEqualTo(0x200L);
    }

    @Test
    void peekDoesNotAdvance() {
        TimestampExtender x = new TimestampExtender();
        x.extend(0xFFFF_FFF0L);
        assertThat(x.peek(0x10L)).isEqualTo(0x1_0000_0010L);
        assertThat(x.extend(0xFFFF_FFF8L)).isEqualTo(0xFFFF_FFF8L);
    }
}
