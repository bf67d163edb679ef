package dev.vigil.rtsp.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimulatedCameraTest {
    @Test
    void demoClipSplitsIntoItsFrames() {
        Clip clip = Clip.demo();
        assertThat(clip.frames()).hasSize(120);
        assertThat(clip.fps()).isEqualTo(15);
        assertThat(clip.sps()[0] & 0x1F).isEqualTo(7);
        assertThat(clip.pps()[0] & 0x1F).isEqualTo(8);
        // A key frame every 15 frames, and only there.
        for (int i = 0; i < clip.frames().size(); i++) {
            boolean idr = clip.frames().get(i).stream().anyMatch(n -> (n[0] & 0x1F) == 5);
            assertThat(idr).as("frame %d", i).isEqualTo(i % 15 == 0);
        }
    }

    @Test
    void theKeyFrameIntervalIsTheDistanceToTheSecondKeyFrame() {
        Clip clip = Clip.demo();
        assertThat(clip.keyFrameInterval()).isEqualTo(15);
        Clip oneKeyFrame = new Clip(clip.frames().subList(0, 10), 15, clip.sps(), clip.pps());
        assertThat(oneKeyFrame.keyFrameInterval()).isEqualTo(10);
    }

    @Test
    void ffmpegDecodesItOverTcpAcrossALoopWithoutErrors() throws Exception {
        decodeWithFfmpeg("tcp", 10);
    }

    @Test
    void ffmpegDecodesItOverUdp() throws Exception {
        decodeWithFfmpeg("udp", 3);
    }

    /** An independent client (ffmpeg) receives {@code seconds} of video and finds nothing wrong. */
    private void decodeWithFfmpeg(String transport, int seconds) throws Exception {
        String ffmpeg = ExternalTools.require("ffmpeg", "ffmpeg");
        try (SimulatedCamera camera = SimulatedCamera.start(Clip.demo(), 0)) {
            Process p = new ProcessBuilder(List.of(ffmpeg, "-v", "error", "-rtsp_transport", transport, "-i", camera.url("cam"),
                    "-t", Integer.toString(seconds), "-f", "null", "-")).redirectErrorStream(true).start();
            assertThat(p.waitFor(seconds + 30, TimeUnit.SECONDS)).as("ffmpeg finished").isTrue();
            String errors = new String(p.getInputStream().readAllBytes());
            assertThat(p.exitValue()).as(errors).isZero();
            assertThat(errors).as("decoder errors").isEmpty();
            assertThat(camera.framesSent()).isGreaterThanOrEqualTo(seconds * 15L - 15);
        }
    }
}
