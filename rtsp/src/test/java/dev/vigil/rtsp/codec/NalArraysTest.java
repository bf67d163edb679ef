package dev.vigil.rtsp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NalArraysTest {
    final NalArrays pool = new NalArrays(64 << 10);

    @Test
    void arraysComeInPowersOfTwoAndHalfWayBetweenAndAreReused() {
        assertThat(pool.take(4096)).hasSize(4096);
        assertThat(pool.take(4097)).hasSize(6144);
        assertThat(pool.take(6145)).hasSize(8192);
        byte[] b = pool.take(40_000);
        assertThat(b).hasSize(49152);
        pool.give(b);
        assertThat(pool.idleBytes()).isEqualTo(49152);
        assertThat(pool.take(32_769)).isSameAs(b);
        assertThat(pool.idleBytes()).isZero();
        assertThat(pool.take(VideoDepacketizer.MAX_NAL_SIZE)).hasSize(VideoDepacketizer.MAX_NAL_SIZE);
    }

    @Test
    void idleArraysPastTheBoundAreLeftToTheCollector() {
        byte[] a = pool.take(65536), b = pool.take(4096);
        pool.give(a);
        pool.give(b);
        assertThat(pool.idleBytes()).isEqualTo(65536);
        assertThat(pool.take(4096)).isNotSameAs(b);
    }

    @Test
    void onlyItsOwnSizesAreTakenBack() {
        assertThatThrownBy(() -> pool.give(new byte[5000])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.take(VideoDepacketizer.MAX_NAL_SIZE + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.take(100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLeaseGivesBackOnce() {
        byte[] a = pool.take(10_000);
        NalArrays.Lease lease = new NalArrays.Lease(pool, new byte[][] {a});
        lease.run();
        lease.run();
        assertThat(pool.idleBytes()).isEqualTo(12288);
    }
}
