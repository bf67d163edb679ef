package dev.vigil.rtsp.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.AccessUnitSink;
import dev.vigil.rtsp.sim.Clip;
import dev.vigil.rtsp.sim.SimulatedCamera;
import dev.vigil.rtsp.transport.Transport;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against the in-process simulated camera: a real socket, fault injection on demand. */
class RtspClientTest {
    final EventLoopGroup group = Transport.chosen().newGroup(1);
    final List<AccessUnit> received = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final AccessUnitSink sink = received::add;
    final RtspClient.Listener listener = new RtspClient.Listener() {
        @Override
        public void playing(String server, List<String> tracks, boolean tcp) {
            events.add("playing " + tracks + (tcp ? " tcp" : " udp"));
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
        return new RtspClient(config, group, sink, listener, System::nanoTime, new Random(1));
    }

    static RtspClientConfig fast(String url) {
        return RtspClientConfig.of(url).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(400));
    }

    /** Waits for a condition the network brings about; the limit is a hang guard, not a speed claim. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void receivesKeyFrameFirstThenEveryFrameOverTcp() throws Exception {
        try (SimulatedCamera camera = SimulatedCamera.start(Clip.demo(), 0); RtspClient client = client(fast(camera.url("cam")))) {
            client.start();
            await("30 frames", () -> received.size() >= 30);
            assertThat(received.get(0).keyFrame()).isTrue();
            assertThat(received.get(0).width()).isEqualTo(640);
            assertThat(received.get(0).height()).isEqualTo(360);
            assertThat(received).noneMatch(AccessUnit::lossBefore);
            // Consecutive frames are 6000 ticks apart at 90 kHz and 15 fps.
            for (int i = 1; i < 30; i++) assertThat(received.get(i).timestamp() - received.get(i - 1).timestamp()).isEqualTo(6000);
            assertThat(client.state().phase()).isEqualTo(SessionState.Phase.PLAYING);
            assertThat(events).first().asString().startsWith("playing [H264@90000] tcp");
        }
    }

    @Test
    void aCameraToldToDelayItsFirstFrameSendsNothingBeforeThen() throws Exception {
        Duration delay = Duration.ofMillis(1500);
        try (SimulatedCamera camera = SimulatedCamera.start(Clip.demo(), 0).delayFirstFrame(delay);
             RtspClient client = client(RtspClientConfig.of(camera.url("cam")))) {
            long started = System.nanoTime();
            client.start();
            await("the first frame", () -> !received.isEmpty());
            assertThat(received.get(0).receiveNanos() - started).isGreaterThanOrEqualTo(delay.toNanos());
            assertThat(received.get(0).keyFrame()).isTrue();
            assertThat(client.state().reconnects()).isZero();
        }
    }

    @Test
    void receivesOverUdp() throws Exception {
        try (SimulatedCamera camera = SimulatedCamera.start(Clip.demo(), 0);
             RtspClient client = client(fast(camera.url("cam")).withTransport(TransportMode.UDP))) {
            client.start();
            await("30 frames", () -> received.size() >= 30);
            assertThat(received.get(0).keyFrame()).isTrue();
            assertThat(events).first().asString().endsWith("udp");
        }
    }

    @Test
    void reconnectsAfterTheCameraDropsTheConnection() throws Exception {
        try (SimulatedCamera camera = SimulatedCamera.start(Clip.demo(), 0); RtspClient client = client(fast(camera.url("cam")))) {
            client.start();
            await("first frames", () -> received.size() >= 5);
            camera.disconnectAll();
            int before = received.size();
            await("frames after the reconnect", () -> received.size() >= before + 20);
            assertThat(events).anyMatch(e -> e.startsWith("disconnected"));
            assertThat(events.stream().filter(e -> e.startsWith("playing")).count()).isGreaterThanOrEqualTo(2);
            assertThat(client.state().reconnects()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aStalledCameraIsReconnectedByTheWatchdog() throws Exception {
        try (SimulatedCamera camera = SimulatedCamera.start(Clip.demo(), 0); RtspClient client = client(fast(camera.url("cam")))) {
            client.start();
            await("first frames", () -> received.size() >= 5);
            camera.pause(true);
            await("the stall to be noticed", () -> events.stream().anyMatch(e -> e.contains("no media for")));
            camera.pause(false);
            int before = received.size();
            await("frames after the stall", () -> received.size() >= before + 10);
        }
    }

    @Test
    void aCameraThatDropsConnectionsUnansweredWhileRebootingIsRetriedAsOftenAsAnUnreachableOne() throws Exception {
        // Backoff from 1 s up to 60 s: a camera that answered and refused would wait 0.5+1+2+4+8+16 s
        // (at least 31.5 s) before its sixth retry; one that answers nothing is retried at least every
        // UNREACHABLE_RETRY_MAX (4 s), so six retries take at most 1+2+4+4+4+4 = 19 s.
        try (SimulatedCamera camera = SimulatedCamera.start(Clip.demo(), 0);
             RtspClient client = client(RtspClientConfig.of(camera.url("cam"))
                     .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(60)))) {
            client.start();
            await("first frames", () -> received.size() >= 5);
            int before = camera.connectionsAccepted();
            long rebooted = System.nanoTime();
            camera.faults("cam").restart(Duration.ofMinutes(5));
            long deadline = rebooted + TimeUnit.SECONDS.toNanos(25);
            while (camera.connectionsAccepted() < before + 6 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(camera.connectionsAccepted() - before).as("retries within 25 s of the reboot").isGreaterThanOrEqualTo(6);
            assertThat(events).anyMatch(e -> e.startsWith("disconnected the camera closed the connection during"));
        }
    }

    @Test
    void anUnreachableCameraIsRetriedWithAClearError() throws Exception {
        try (RtspClient client = client(fast("rtsp://admin:hunter2@127.0.0.1:1/cam"))) {
            client.start();
            await("a failed attempt", () -> client.state().lastError() != null);
            // The same words whichever transport runs (epoll would say "finishConnect(..) failed: ...").
            assertThat(client.state().lastError()).startsWith("cannot connect to 127.0.0.1:1: Connection refused").doesNotContain("hunter2");
            await("a retry", () -> client.state().reconnects() >= 2);
        }
    }

    /** stop() asks and returns; several clients then stop together, and close() after it just waits. */
    @Test
    void stopAsksWithoutWaitingAndCompletesOnceTornDown() throws Exception {
        try (SimulatedCamera camera = SimulatedCamera.start(Clip.demo(), 0)) {
            RtspClient one = client(fast(camera.url("one")));
            RtspClient two = client(fast(camera.url("two")));
            one.start();
            two.start();
            await("both playing", () -> one.state().phase() == SessionState.Phase.PLAYING && two.state().phase() == SessionState.Phase.PLAYING);
            java.util.concurrent.CompletableFuture<Void> first = one.stop();
            java.util.concurrent.CompletableFuture<Void> second = two.stop();
            assertThat(one.stop()).isSameAs(first); // asked once
            java.util.concurrent.CompletableFuture.allOf(first, second).get(10, TimeUnit.SECONDS); // a hang guard
            assertThat(one.state().phase()).isEqualTo(SessionState.Phase.STOPPED);
            assertThat(two.state().phase()).isEqualTo(SessionState.Phase.STOPPED);
            one.close();
            two.close();
        }
    }

    @Test
    void stopsCleanlyWithTeardown() throws Exception {
        SimulatedCamera camera = SimulatedCamera.start(Clip.demo(), 0);
        RtspClient client = client(fast(camera.url("cam")));
        client.start();
        await("first frames", () -> received.size() >= 3);
        client.close();
        assertThat(client.state().phase()).isEqualTo(SessionState.Phase.STOPPED);
        long sent = camera.framesSent();
        Thread.sleep(300);
        assertThat(camera.framesSent()).as("the camera stops sending after TEARDOWN").isLessThanOrEqualTo(sent + 1);
        camera.close();
    }
}
