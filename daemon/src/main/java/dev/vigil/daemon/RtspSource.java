package dev.vigil.daemon;

import dev.vigil.config.CameraConfig;
import dev.vigil.config.SecretLookup;
import dev.vigil.daemon.record.CameraRecorder;
import dev.vigil.rtsp.session.Credentials;
import dev.vigil.rtsp.session.RtspClient;
import dev.vigil.rtsp.session.RtspClientConfig;
import dev.vigil.rtsp.session.SessionState;
import dev.vigil.rtsp.session.TransportMode;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/** A camera's RTSP session feeding its recorder: the production {@link CameraSource}. */
final class RtspSource implements CameraSource {
    private final RtspClient client;

    RtspSource(CameraConfig camera, CameraRecorder recorder, EventLoopGroup group, SecretLookup secrets) {
        Credentials credentials = camera.user()
                .map(user -> new Credentials(user, camera.resolvePassword(secrets).orElse("")))
                .orElse(null);
        RtspClientConfig config = new RtspClientConfig(camera.url().toString(), credentials, transport(camera), camera.audio(),
                camera.stallTimeout(), Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(30));
        RtspClient.Listener listener = new RtspClient.Listener() {
            @Override
            public void playing(String server, List<String> tracks, boolean tcp) {
                recorder.restart(); // a new session is a new run: its own segment
            }
        };
        client = new RtspClient(config, group, recorder, listener, System::nanoTime, new Random());
    }

    private static TransportMode transport(CameraConfig camera) {
        return switch (camera.transport()) {
            case TCP -> TransportMode.TCP;
            case UDP -> TransportMode.UDP;
            case AUTO -> TransportMode.AUTO;
        };
    }

    @Override
    public void start() {
        client.start();
    }

    @Override
    public String state() {
        SessionState s = client.state();
        return s.phase().name().toLowerCase(java.util.Locale.ROOT);
    }

    SessionState session() {
        return client.state();
    }

    long skippedBytes() {
        return client.skippedBytes();
    }

    long lostPackets() {
        return client.lostPackets();
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> stop() {
        return client.stop();
    }

    @Override
    public void close() {
        client.close();
    }
}
