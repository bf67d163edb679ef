package dev.vigil.rtsp.session;

import static dev.vigil.rtsp.session.RtspClientTest.await;
import static dev.vigil.rtsp.session.RtspClientTest.fast;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.sim.Clip;
import dev.vigil.rtsp.sim.Quirk;
import dev.vigil.rtsp.sim.Quirks;
import dev.vigil.rtsp.sim.SimulatedCamera;
import dev.vigil.rtsp.transport.Transport;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Known camera quirks, one regression test each, against the simulated camera reproducing them.
 * Each asserts what someone recording the camera needs: media keeps flowing (from the right
 * source, with honest timestamps and loss flags), the session recovers, or the error is clear.
 * The numbers are those of the quirk list in issue 3; the depacketizer-level ones (3, 10, 11,
 * 12, 14) are tested in the codec package.
 */
class CameraQuirksTest {
    static final Clip CLIP = Clip.demo();
    /** Ticks between frames at 90 kHz and the clip's 15 fps. */
    static final long FRAME = 90_000 / CLIP.fps();

    final EventLoopGroup group = Transport.chosen().newGroup(1);
    final List<AccessUnit> received = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    /** How many units had arrived when each PLAY succeeded: where each connection's media begins. */
    final List<Integer> playingAt = new CopyOnWriteArrayList<>();
    final RtspClient.Listener listener = new RtspClient.Listener() {
        @Override
        public void playing(String server, List<String> tracks, boolean tcp) {
            playingAt.add(received.size());
            events.add("playing " + (tcp ? "tcp" : "udp"));
        }

        @Override
        public void disconnected(String reason) {
            events.add("disconnected " + reason);
        }
    };

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    RtspClient client(RtspClientConfig config) {
        return new RtspClient(config, group, received::add, listener, System::nanoTime, new Random(1));
    }

    RtspClient client(SimulatedCamera camera) {
        return client(fast(camera.url("cam")));
    }

    static SimulatedCamera camera(Quirks quirks) throws InterruptedException {
        return SimulatedCamera.start(CLIP, 0, quirks);
    }

    List<String> disconnects() {
        return events.stream().filter(e -> e.startsWith("disconnected")).toList();
    }

    /**
     * One connection's units as a recorder wants them: from the clip's first frame (so from the
     * camera's own stream, not another source's), each the next frame, nothing lost.
     */
    static void assertSteady(List<AccessUnit> units) {
        assertThat(units).isNotEmpty();
        assertThat(units.get(0).keyFrame()).isTrue();
        assertThat(isClipFrame(units.get(0), 0)).as("%s is the clip's first frame", units.get(0)).isTrue();
        assertThat(units).noneMatch(AccessUnit::lossBefore);
        for (int i = 1; i < units.size(); i++) {
            assertThat(units.get(i).timestamp() - units.get(i - 1).timestamp()).as("timestamp step before unit %d", i).isEqualTo(FRAME);
        }
    }

    static boolean isClipFrame(AccessUnit au, int frame) {
        List<byte[]> nals = CLIP.frames().get(frame);
        if (au.units().size() != nals.size()) return false;
        for (int i = 0; i < nals.size(); i++) {
            if (!Arrays.equals(au.unitBytes(i), nals.get(i))) return false;
        }
        return true;
    }

    /** With a 2 s session timeout: keep-alives the camera took, and no connection lost to the timeout. */
    void assertKeptAlive(SimulatedCamera camera, RtspClient client) throws InterruptedException {
        await("three keep-alives", () -> camera.requestsWhilePlaying().size() >= 3);
        int before = received.size();
        await("media after them", () -> received.size() >= before + 5);
        assertThat(disconnects()).isEmpty();
        assertThat(camera.connectionsAccepted()).isEqualTo(1);
        assertThat(client.state().phase()).isEqualTo(SessionState.Phase.PLAYING);
        assertSteady(received);
    }

    // ---- 1, 2: foreign sources ----

    @Test
    void quirk1StaleStreamOfAnOldSessionIsIgnoredForTheSsrcFromSetupAlsoAfterAReconnect() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.STALE_STREAM)); RtspClient client = client(camera)) {
            client.start();
            await("frames", () -> received.size() >= 10);
            camera.disconnectAll();
            await("frames after the reconnect", () -> playingAt.size() >= 2 && received.size() >= playingAt.get(1) + 15);
            assertSteady(received.subList(0, playingAt.get(1)));
            assertSteady(received.subList(playingAt.get(1), received.size()));
            assertThat(client.lostPackets()).isZero();
        }
    }

    @Test
    void quirk2ForeignRtpBeforeThePlayAnswerIsIgnoredAndTheCamerasEarlyFrameKept() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.FOREIGN_RTP_BEFORE_PLAY)); RtspClient client = client(camera)) {
            client.start();
            await("frames", () -> received.size() >= 15);
            assertSteady(received);
            assertThat(disconnects()).isEmpty();
        }
    }

    // ---- 4: short timeout, SET_PARAMETER refused, stale CSeq ----

    @Test
    void quirk4ShortSessionTimeoutIsKeptAliveBeforeItExpires() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.NONE.sessionTimeout(2)); RtspClient client = client(camera)) {
            client.start();
            assertKeptAlive(camera, client);
        }
    }

    @Test
    void quirk4SetParameterAdvertisedButAnswered400DoesNotDisturbKeepAlive() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.SET_PARAMETER_400).sessionTimeout(2)); RtspClient client = client(camera)) {
            client.start();
            assertKeptAlive(camera, client);
            assertThat(camera.requestsWhilePlaying()).as("a refused method is not relied on").filteredOn("SET_PARAMETER"::equals).hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    void quirk4StaleCseqInAnswersIsTolerated() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.STALE_CSEQ).sessionTimeout(2)); RtspClient client = client(camera)) {
            client.start();
            assertKeptAlive(camera, client);
        }
    }

    // ---- 5, 6: bogus RTP-Info, foreign RTCP ----

    @Test
    void quirk5BogusRtpInfoDisturbsNeitherSequenceNorTimestamps() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.BOGUS_RTP_INFO)); RtspClient client = client(camera)) {
            client.start();
            await("frames", () -> received.size() >= 15);
            assertSteady(received);
            assertThat(client.lostPackets()).isZero();
        }
    }

    @Test
    void quirk6RtcpFromAnUnknownSsrcIsIgnored() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.FOREIGN_RTCP)); RtspClient client = client(camera)) {
            client.start();
            await("frames past two foreign reports and BYEs", () -> received.size() >= 25);
            assertSteady(received);
            assertThat(client.lostPackets()).isZero();
            assertThat(disconnects()).isEmpty();
        }
    }

    // ---- 7, 8, 9: keep-alive ----

    @Test
    void quirk7ACameraDroppingTheConnectionOnGetParameterIsReconnectedAndKeptAliveWithOptions() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.DROP_ON_GET_PARAMETER).sessionTimeout(2)); RtspClient client = client(camera)) {
            client.start();
            await("two OPTIONS keep-alives after the reconnect",
                    () -> camera.requestsWhilePlaying().stream().filter("OPTIONS"::equals).count() >= 2);
            int before = received.size();
            await("media after them", () -> received.size() >= before + 5);
            List<String> keepAlives = camera.requestsWhilePlaying();
            assertThat(keepAlives.get(0)).isEqualTo("GET_PARAMETER");
            assertThat(keepAlives.subList(1, keepAlives.size())).containsOnly("OPTIONS");
            assertThat(disconnects()).hasSize(1);
            assertThat(camera.connectionsAccepted()).isEqualTo(2);
            assertSteady(received.subList(playingAt.get(1), received.size()));
        }
    }

    @Test
    void quirk8NoTimeoutInTheSessionHeaderMeansTheDefault60s() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.NO_SESSION_TIMEOUT)); RtspClient client = client(camera)) {
            client.start();
            await("two seconds of frames", () -> received.size() >= 2 * CLIP.fps());
            // Keep-alives are due every 30 s; any within 2 s would be a storm from a misread timeout.
            assertThat(camera.requestsWhilePlaying()).isEmpty();
            assertThat(disconnects()).isEmpty();
            assertSteady(received);
        }
    }

    @Test
    void quirk9GetParameterAnswered454IsToleratedAndOptionsUsedFromThenOn() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.GET_PARAMETER_454).sessionTimeout(2)); RtspClient client = client(camera)) {
            client.start();
            assertKeptAlive(camera, client);
            List<String> keepAlives = camera.requestsWhilePlaying();
            assertThat(keepAlives.get(0)).isEqualTo("GET_PARAMETER");
            assertThat(keepAlives.subList(1, keepAlives.size())).containsOnly("OPTIONS");
        }
    }

    // ---- 13, 15: unassigned payload type, malformed SDP and unassigned channel ----

    @Test
    void quirk13UnassignedPayloadType50OnTheVideoSsrcIsNeitherMediaNorLoss() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.PAYLOAD_TYPE_50)); RtspClient client = client(camera)) {
            client.start();
            await("frames", () -> received.size() >= 20);
            assertSteady(received);
            assertThat(client.lostPackets()).isZero();
        }
    }

    @Test
    void quirk15MalformedSdpAndDataOnUnassignedChannel7AreTolerated() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.MALFORMED_SDP, Quirk.CHANNEL_7)); RtspClient client = client(camera)) {
            client.start();
            await("frames", () -> received.size() >= 20);
            assertSteady(received);
            assertThat(received.get(0).width()).isEqualTo(640);
            assertThat(disconnects()).isEmpty();
        }
    }

    // ---- broken framing on the connection ----

    @Test
    void garbageBytesAndFramesForAnUnknownChannelAreSkipped() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.GARBAGE)); RtspClient client = client(camera)) {
            client.start();
            await("frames", () -> received.size() >= 25);
            assertSteady(received);
            assertThat(client.lostPackets()).isZero();
            assertThat(disconnects()).isEmpty();
        }
    }

    @Test
    void aFrameLengthOverrunningItsPacketIsResynchronisedWithoutLosingTheFramesAfterIt() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.BOGUS_LENGTH)); RtspClient client = client(camera)) {
            client.start();
            await("the broken framing to be skipped", () -> client.skippedBytes() > 0);
            int before = received.size();
            await("media after it", () -> received.size() >= before + 15);
            // Only the lying frame (a foreign packet) went; the camera's own packets after it all came.
            assertSteady(received);
            assertThat(client.lostPackets()).isZero();
            assertThat(disconnects()).isEmpty();
            assertThat(client.state().reconnects()).isZero();
        }
    }

    /**
     * A frame announcing 60000 bytes on a stream of 1400-byte packets: waiting for them would hold
     * every frame behind it (and, on a slow stream, end in a stall and a reconnect). The framing is
     * found again at the next frame, which arrives whole, on the same connection.
     */
    @Test
    void aFrameAnnouncingFarMoreThanItCarriesIsSkippedAndTheStreamGoesOnWithoutAReconnect() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.LYING_LENGTH)); RtspClient client = client(camera)) {
            client.start();
            await("the lying frame to be skipped", () -> client.skippedBytes() > 0);
            int before = received.size();
            await("media after it", () -> received.size() >= before + 15);
            assertSteady(received);
            assertThat(client.lostPackets()).isZero();
            assertThat(client.skippedBytes()).as("the lie was skipped, not what it would have swallowed").isLessThan(100);
            assertThat(disconnects()).isEmpty();
            assertThat(camera.connectionsAccepted()).isEqualTo(1);
            assertThat(client.state().reconnects()).isZero();
        }
    }

    @Test
    void rtspHeadersThatNeverEndAreCutOffAndTheSessionReconnects() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.ENDLESS_HEADER)); RtspClient client = client(camera)) {
            client.start();
            await("frames after the reconnect", () -> playingAt.size() >= 2 && received.size() >= playingAt.get(1) + 15);
            assertThat(disconnects()).hasSize(1).first().asString().contains("RTSP headers longer than");
            assertThat(client.state().lastError()).contains("RTSP headers longer than");
            assertSteady(received.subList(playingAt.get(1), received.size()));
        }
    }

    // ---- nothing to record ----

    /**
     * A camera offering only video we cannot record (MJPEG, VP8) is a clear error naming what it
     * offers, logged once, and retried with backoff: someone may reconfigure the camera.
     */
    @Test
    void aCameraWithNoSupportedTrackIsRetriedWithOneClearWarning() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(RtspClient.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.UNSUPPORTED_CODECS)); RtspClient client = client(camera)) {
            client.start();
            await("three attempts", () -> camera.connectionsAccepted() >= 3 && disconnects().size() >= 3);
            assertThat(client.state().lastError()).isEqualTo("no supported video track (the camera offers video JPEG, video VP8)");
            assertThat(disconnects()).allMatch(d -> d.contains("no supported video track"));
            assertThat(received).isEmpty();
            assertThat(logged.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .containsExactly("camera " + camera.url("cam") + ": no supported video track (the camera offers video JPEG, video VP8)");
        } finally {
            logger.detachAppender(logged);
        }
    }

    // ---- timestamps ----

    @Test
    void timestampJumpsForwardAndBackAreDeliveredAsTheCameraSentThem() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.TIMESTAMP_JUMPS)); RtspClient client = client(camera)) {
            client.start();
            int backAt = 2 * CLIP.fps() + 5;
            await("frames past both jumps", () -> received.size() >= backAt + 10);
            List<Long> steps = new ArrayList<>();
            for (int i = 1; i < received.size(); i++) steps.add(received.get(i).timestamp() - received.get(i - 1).timestamp());
            List<Long> expected = new ArrayList<>();
            for (int i = 1; i < received.size(); i++) {
                expected.add(i == CLIP.fps() + 5 ? FRAME + Quirks.TIMESTAMP_JUMP : i == backAt ? FRAME - 2 * Quirks.TIMESTAMP_JUMP : FRAME);
            }
            assertThat(steps).isEqualTo(expected);
            assertThat(received).noneMatch(AccessUnit::lossBefore);
            assertThat(disconnects()).isEmpty();
        }
    }

    // ---- transport auto ----

    @Test
    void autoTransportFallsBackToTcpWhenUdpIsRefusedWith461() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.REFUSE_UDP));
             RtspClient client = client(fast(camera.url("cam")).withTransport(TransportMode.AUTO))) {
            client.start();
            await("frames", () -> received.size() >= 15);
            assertThat(events.get(0)).startsWith("disconnected").contains("461");
            assertThat(events.get(1)).isEqualTo("playing tcp");
            assertSteady(received);
        }
    }

    @Test
    void autoTransportFallsBackToTcpWhenUdpBringsNoMedia() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.SILENT_UDP));
             RtspClient client = client(fast(camera.url("cam")).withTransport(TransportMode.AUTO))) {
            client.start();
            await("frames", () -> received.size() >= 15);
            assertThat(events.subList(0, 3)).satisfiesExactly(
                    e -> assertThat(e).isEqualTo("playing udp"),
                    e -> assertThat(e).startsWith("disconnected").contains("no media"),
                    e -> assertThat(e).isEqualTo("playing tcp"));
            assertSteady(received);
        }
    }

    /**
     * A refused TCP connect (the camera rebooting) says nothing about UDP or TCP: the transport
     * that worked is kept, rather than flipped back to UDP, which brings nothing here.
     */
    @Test
    void autoTransportKeepsTcpWhileTheCameraReboots() throws Exception {
        SimulatedCamera camera = camera(Quirks.of(Quirk.SILENT_UDP));
        int port = camera.port();
        try (RtspClient client = client(fast(camera.url("cam")).withTransport(TransportMode.AUTO))) {
            client.start();
            await("frames over TCP", () -> events.contains("playing tcp") && received.size() >= 5);
            camera.close();
            await("a refused connect", () -> events.stream().anyMatch(e -> e.contains("cannot connect")));
            camera = SimulatedCamera.start(CLIP, port, Quirks.of(Quirk.SILENT_UDP));
            int before = received.size();
            await("frames after the reboot", () -> received.size() >= before + 15);
            List<String> after = events.subList(events.indexOf("playing tcp") + 1, events.size());
            assertThat(after).contains("playing tcp").doesNotContain("playing udp");
        } finally {
            camera.close();
        }
    }

    // ---- Digest ----

    @Test
    void aCameraWantingDigestIsRecordedWithTheRightCredentials() throws Exception {
        // A short timeout, so that keep-alives have to be authenticated too.
        try (SimulatedCamera camera = camera(Quirks.NONE.digest("admin", "s3cret").sessionTimeout(2));
             RtspClient client = client(fast(camera.url("cam").replace("rtsp://", "rtsp://admin:s3cret@")))) {
            client.start();
            assertKeptAlive(camera, client);
            assertThat(client.state().lastError()).isNull();
        }
    }

    @Test
    void wrongCredentialsGiveAClearErrorWithoutThePassword() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.NONE.digest("admin", "s3cret"));
             RtspClient client = client(fast(camera.url("cam")).withCredentials(new Credentials("admin", "hunter2")))) {
            client.start();
            await("a failed attempt", () -> client.state().lastError() != null);
            assertThat(client.state().lastError()).contains("wrong user or password").contains("admin").doesNotContain("hunter2");
            assertThat(events).noneMatch(e -> e.startsWith("playing") || e.contains("hunter2"));
            assertThat(received).isEmpty();
        }
    }
}
