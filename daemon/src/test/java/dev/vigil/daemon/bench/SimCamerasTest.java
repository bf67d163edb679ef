package dev.vigil.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.sim.Clip;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SimCamerasTest {
    @Test
    void theCamerasKeyFramesAreSpreadEvenlyOverOneKeyFrameInterval() {
        Clip clip = Clip.demo(); // a key frame every 15 frames at 15 fps: every second
        assertThat(IntStream.range(0, 4).mapToObj(i -> SimCameras.stagger(clip, i, 4)))
                .containsExactly(Duration.ZERO, Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(750));
        assertThat(SimCameras.stagger(clip, 63, 64)).isLessThan(Duration.ofSeconds(1));
    }
}
