package dev.vigil.rtsp.rtp;

import static dev.vigil.rtsp.rtp.SsrcLock.Verdict.ACCEPT;
import static dev.vigil.rtsp.rtp.SsrcLock.Verdict.FOREIGN;
import static dev.vigil.rtsp.rtp.SsrcLock.Verdict.RELOCKED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SsrcLockTest {
    static final long S = 1_000_000_000L;

    @Test
    void locksOntoTheFirstSourceAndIgnoresOthersWhileItIsAlive() {
        SsrcLock lock = new SsrcLock(5 * S);
        assertThat(lock.check(1, 0)).isEqualTo(ACCEPT);
        assertThat(lock.check(2, 1 * S)).isEqualTo(FOREIGN);
        assertThat(lock.check(1, 4 * S)).isEqualTo(ACCEPT);
        assertThat(lock.check(2, 8 * S)).as("only 4 s since the last packet of 1").isEqualTo(FOREIGN);
        assertThat(lock.ssrc()).isEqualTo(1);
    }

    @Test
    void relocksAfterSilence() {
        SsrcLock lock = new SsrcLock(5 * S);
        lock.check(1, 0);
        assertThat(lock.check(2, 5 * S)).isEqualTo(RELOCKED);
        assertThat(lock.ssrc()).isEqualTo(2);
        assertThat(lock.check(1, 6 * S)).as("the old source is now the foreign one").isEqualTo(FOREIGN);
    }

    @Test
    void announcedSsrcIsPreLockedButALiarIsReplacedAfterSilence() {
        SsrcLock lock = new SsrcLock(5 * S);
        lock.expect(7, 0);
        assertThat(lock.check(8, 1 * S)).isEqualTo(FOREIGN);
        assertThat(lock.check(8, 5 * S)).isEqualTo(RELOCKED);
        assertThat(lock.check(8, 5 * S + 1)).isEqualTo(ACCEPT);
    }
}
