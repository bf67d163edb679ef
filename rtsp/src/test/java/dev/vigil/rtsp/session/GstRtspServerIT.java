package dev.vigil.rtsp.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.Codec;
import dev.vigil.rtsp.sim.ExternalTools;
import dev.vigil.rtsp.transport.Transport;
import io.netty.channel.EventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our client against an independently written RTSP server (GStreamer's), and ffprobe judging what
 * we received: each stream is written out as the elementary stream we would store and must decode
 * without a single error, with exactly the frames we counted.
 */
class GstRtspServerIT {
    static GstRtspServer open;
    static GstRtspServer secured;
    static final EventLoopGroup group = Transport.chosen().newGroup(1);

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServers() throws Exception {
        open = GstRtspServer.start();
        secured = GstRtspServer.start("--user", "viewer", "--password", "pa:ss w@rd");
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (open != null) open.close();
        if (secured != null) secured.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    List<AccessUnit> receive(RtspClientConfig config, int frames) throws Exception {
        List<AccessUnit> got = new CopyOnWriteArrayList<>();
        try (RtspClient client = new RtspClient(config, group, got::add, new RtspClient.Listener() {}, System::nanoTime, new Random(2))) {
            client.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (got.stream().filter(a -> a.codec().isVideo()).count() < frames) {
                if (System.nanoTime() > deadline) throw new AssertionError("only " + got.size() + " units; session " + client.state());
                Thread.sleep(50);
            }
        }
        return got;
    }

    static RtspClientConfig config(String url) {
        return RtspClientConfig.of(url).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    @Test
    void h264OverTcp() throws Exception {
        checkVideo(receive(config(open.url("h264")), 45), "h264", 320, 240);
    }

    @Test
    void h264OverUdp() throws Exception {
        checkVideo(receive(config(open.url("h264")).withTransport(TransportMode.UDP), 45), "h264", 320, 240);
    }

    @Test
    void h265OverTcp() throws Exception {
        checkVideo(receive(config(open.url("h265")), 30), "hevc", 320, 240);
    }

    @Test
    void digestAuthenticationWithCredentialsGivenApart() throws Exception {
        RtspClientConfig c = config(secured.url("h264")).withCredentials(new Credentials("viewer", "pa:ss w@rd"));
        checkVideo(receive(c, 30), "h264", 320, 240);
    }

    @Test
    void wrongCredentialsAreAClearErrorThatNeverShowsThePassword() throws Exception {
        RtspClientConfig c = config(secured.url("h264")).withCredentials(new Credentials("viewer", "not-the-password"));
        try (RtspClient client = new RtspClient(c, group, au -> {}, new RtspClient.Listener() {}, System::nanoTime, new Random(3))) {
            client.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (client.state().lastError() == null && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(client.state().lastError()).contains("401").doesNotContain("not-the-password");
        }
    }

    @Test
    void h264WithAacAudio() throws Exception {
        List<AccessUnit> units = receive(config(open.url("h264-audio")).withAudio(true), 30);
        checkVideo(units, "h264", 320, 240);
        List<AccessUnit> audio = units.stream().filter(a -> a.codec() == Codec.AAC).toList();
        assertThat(audio).hasSizeGreaterThan(20);
        Path adts = tmp.resolve("audio.aac");
        write(adts, audio, false);
        assertThat(ffprobe(adts, "aac", null)).isEqualTo(audio.size());
    }

    @Test
    void h264WithG711Audio() throws Exception {
        List<AccessUnit> units = receive(config(open.url("h264-pcmu")).withAudio(true), 30);
        List<AccessUnit> audio = units.stream().filter(a -> a.codec() == Codec.PCMU).toList();
        // GStreamer sends 1024 samples (128 ms) per packet: some 15 over the 2 s of video.
        assertThat(audio).hasSizeGreaterThan(8);
        assertThat(audio).allMatch(a -> a.units().get(0).remaining() == 1024);
        assertThat(audio).allMatch(a -> a.clockRate() == 8000);
    }

    void checkVideo(List<AccessUnit> units, String codecName, int width, int height) throws Exception {
        List<AccessUnit> video = units.stream().filter(a -> a.codec().isVideo()).toList();
        assertThat(video.get(0).keyFrame()).isTrue();
        assertThat(video.get(0).width()).isEqualTo(width);
        assertThat(video.get(0).height()).isEqualTo(height);
        assertThat(video).noneMatch(AccessUnit::lossBefore);
        Path stream = tmp.resolve("video." + codecName);
        write(stream, video, true);
        assertThat(ffprobe(stream, codecName, codecName)).isEqualTo(video.size());
    }

    /** The Annex-B elementary stream (parameter sets before the first picture), or the audio frames back to back. */
    static void write(Path file, List<AccessUnit> units, boolean annexB) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < units.size(); i++) {
            AccessUnit au = units.get(i);
            if (annexB && i == 0) for (ByteBuffer p : au.parameterSets()) put(out, p, true);
            for (ByteBuffer u : au.units()) put(out, u, annexB);
        }
        Files.write(file, out.toByteArray());
    }

    private static void put(ByteArrayOutputStream out, ByteBuffer b, boolean startCode) {
        if (startCode) out.writeBytes(new byte[] {0, 0, 0, 1});
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        out.writeBytes(bytes);
    }

    /** Frames ffprobe decodes; fails on any decoder message. */
    static long ffprobe(Path file, String format, String expectCodec) throws Exception {
        String ffprobe = ExternalTools.require("ffprobe", "ffmpeg");
        Process p = new ProcessBuilder(ffprobe, "-v", "error", "-f", format, "-count_frames", "-show_entries",
                "stream=codec_name,nb_read_frames", "-of", "csv=p=0", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).as(out).isZero();
        String[] lines = out.split("\n");
        assertThat(lines).as("ffprobe said: %s", out).hasSize(1);
        String[] fields = lines[0].split(",");
        if (expectCodec != null) assertThat(fields[0]).isEqualTo(expectCodec);
        return Long.parseLong(fields[fields.length - 1].trim());
    }
}
