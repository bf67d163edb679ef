package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.session.GstRtspServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil probe} against GStreamer's RTSP server: a real camera-like peer and its refusals. */
class ProbeIT {
    @TempDir
    Path tmp;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int probe(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void describesVideoAndAudio() throws Exception {
        try (GstRtspServer gst = GstRtspServer.start()) {
            assertThat(probe("probe", gst.url("h264-audio"), "--seconds", "3")).as(err.toString()).isZero();
        }
        assertThat(out.toString()).containsPattern("video H264\\s+320x240").containsPattern("audio AAC\\s+48000 Hz");
    }

    @Test
    void anUnknownPathIs404() throws Exception {
        try (GstRtspServer gst = GstRtspServer.start()) {
            assertThat(probe("probe", gst.url("nothing-here"), "--seconds", "2")).isEqualTo(1);
        }
        assertThat(err.toString()).contains("404");
    }

    @Test
    void missingOrWrongCredentialsAre401() throws Exception {
        Path password = Files.writeString(tmp.resolve("pw"), "right\n");
        try (GstRtspServer gst = GstRtspServer.start("--user", "viewer", "--password", "right")) {
            assertThat(probe("probe", gst.url("h264"), "--seconds", "2")).isEqualTo(1);
            assertThat(err.toString()).contains("401").contains("none are configured");
            assertThat(probe("probe", gst.url("h264"), "--seconds", "2", "--user", "viewer", "--password-file", password.toString()))
                    .as(err.toString()).isZero();
        }
    }
}
