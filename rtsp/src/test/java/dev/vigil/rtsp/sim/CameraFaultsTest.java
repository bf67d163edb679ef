package dev.vigil.rtsp.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CameraFaultsTest {
    @Test
    void aPathIsTheFirstSegmentOfTheRequestUri() {
        assertThat(CameraSession.pathOf("rtsp://127.0.0.1:554/cam-1")).isEqualTo("cam-1");
        assertThat(CameraSession.pathOf("rtsp://127.0.0.1:554/cam-1/")).isEqualTo("cam-1");
        assertThat(CameraSession.pathOf("rtsp://127.0.0.1:554/cam-1/trackID=0")).isEqualTo("cam-1");
        assertThat(CameraSession.pathOf("rtsp://127.0.0.1:554/cam-2?x=1")).isEqualTo("cam-2");
        assertThat(CameraSession.pathOf("rtsp://127.0.0.1:554/")).isNull();
        assertThat(CameraSession.pathOf("*")).isNull();
    }

    @Test
    void restartAndStallLastTheirTimeOnTheInjectedClock() {
        AtomicLong now = new AtomicLong(-5_000); // System.nanoTime may be negative
        CameraFaults f = new CameraFaults(now::get);
        assertThat(f.down()).isFalse();
        assertThat(f.stalled()).isFalse();
        f.restart(Duration.ofSeconds(2));
        f.stall(Duration.ofSeconds(1));
        assertThat(f.down()).isTrue();
        assertThat(f.stalled()).isTrue();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(f.stalled()).isFalse();
        assertThat(f.down()).isTrue();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(f.down()).isFalse();
    }

    @Test
    void lossDropsAboutItsFractionAndGarbageIsSentOnce() {
        CameraFaults f = new CameraFaults(System::nanoTime);
        assertThat(f.losePacket()).isFalse();
        f.loss(0.05);
        int lost = 0;
        for (int i = 0; i < 100_000; i++) if (f.losePacket()) lost++;
        assertThat(lost).isBetween(4_500, 5_500);
        assertThatThrownBy(() -> f.loss(1.5)).isInstanceOf(IllegalArgumentException.class);
        f.garbage(100);
        assertThat(f.takeGarbage()).isEqualTo(100);
        assertThat(f.takeGarbage()).isZero();
        f.jumpTimestamps(10);
        f.jumpTimestamps(-3);
        assertThat(f.timestampShift()).isEqualTo(7);
    }

    @Test
    void junkNeverBeginsAnInterleavedFrame() {
        byte[] junk = MediaStream.junk(65_536);
        for (byte b : junk) assertThat(b).isNotEqualTo((byte) '$');
    }

    @Test
    void theSmallClipHasItsOwnSpsAndAKeyFrameEverySecond() {
        Clip clip = Clip.small();
        assertThat(clip.fps()).isEqualTo(15);
        assertThat(clip.frames()).hasSize(30);
        assertThat(clip.sps()).isNotEqualTo(Clip.demo().sps()); // its size is checked where it is recorded (FaultScenariosIT)
        for (int i = 0; i < clip.frames().size(); i++) {
            boolean idr = clip.frames().get(i).stream().anyMatch(n -> (n[0] & 0x1F) == 5);
            assertThat(idr).as("frame %d", i).isEqualTo(i % 15 == 0);
        }
    }
}
