package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.sim.Clip;
import dev.vigil.rtsp.sim.Quirk;
import dev.vigil.rtsp.sim.Quirks;
import dev.vigil.rtsp.sim.SimulatedCamera;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProbeCommandTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int probe(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "probe";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    @Test
    void describesTheSimulatedCamera() throws Exception {
        try (SimulatedCamera camera = SimulatedCamera.start(Clip.demo(), 0)) {
            assertThat(probe(camera.url("cam"), "--seconds", "3")).as(err.toString()).isZero();
        }
        assertThat(out.toString()).contains("server 'Vigil simulated camera'").contains("lost packets 0")
                .containsPattern("video H264\\s+640x360\\s+15\\.00 fps\\s+\\d+\\.\\d kbit/s\\s+key-frame interval 15\\.0 frames");
    }

    @Test
    void aCameraWithNoSupportedTrackIsOneLineNamingWhatItOffersAndExitCodeOne() throws Exception {
        try (SimulatedCamera camera = SimulatedCamera.start(Clip.demo(), 0, Quirks.of(Quirk.UNSUPPORTED_CODECS))) {
            assertThat(probe(camera.url("cam"), "--seconds", "1")).isEqualTo(1);
            assertThat(err.toString().trim()).isEqualTo("vigil: probe " + camera.url("cam")
                    + ": no supported video track (the camera offers video JPEG, video VP8)");
        }
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnreachableCameraIsOneLineAndExitCodeOne() {
        assertThat(probe("rtsp://admin:secret@127.0.0.1:1/cam", "--seconds", "1")).isEqualTo(1);
        assertThat(err.toString().trim()).startsWith("vigil: probe rtsp://admin:***@127.0.0.1:1/cam: cannot connect to 127.0.0.1:1")
                .doesNotContain("secret").doesNotContain("\n");
    }
}
