package dev.vigil.daemon;

import dev.vigil.config.CameraConfig;
import dev.vigil.config.SecretLookup;
import dev.vigil.config.VigilConfig;
import dev.vigil.daemon.api.ApiRoutes;
import dev.vigil.daemon.api.Archive;
import dev.vigil.daemon.api.Cameras;
import dev.vigil.daemon.ops.CameraHealth;
import dev.vigil.daemon.ops.Router;
import dev.vigil.storage.segment.SegmentInfo;
import dev.vigil.daemon.ops.CameraSources;
import dev.vigil.daemon.ops.HttpServer;
import dev.vigil.daemon.ops.OpsRoutes;
import dev.vigil.daemon.ops.StorageSources;
import dev.vigil.daemon.ops.SystemdNotifier;
import dev.vigil.daemon.ops.VigilMetrics;
import dev.vigil.daemon.record.CameraRecorder;
import dev.vigil.rtsp.session.SessionState;
import dev.vigil.rtsp.transport.Transport;
import dev.vigil.storage.recovery.RecoveryReport;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running recorder: the {@link Daemon} with real RTSP sessions, the HTTP endpoint
 * ({@code /metrics}, {@code /healthz}), metrics sampling, and systemd's READY, watchdog and
 * STOPPING. What {@code vigil run} and {@code vigil demo} start.
 */
final class Service implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Service.class);

    private final VigilConfig config;
    private final EventLoopGroup sessions;
    private final Daemon daemon;
    private final VigilMetrics metrics = new VigilMetrics(System::nanoTime);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-ops");
        t.setDaemon(true);
        return t;
    });
    private final SystemdNotifier systemd = SystemdNotifier.fromEnvironment();
    private HttpServer http;
    private final Clock clock;

    private Service(VigilConfig config, SecretLookup secrets) {
        this.config = config;
        this.clock = Clock.systemUTC();
        // Sessions are cheap: two event loops carry dozens of cameras.
        this.sessions = Transport.chosen().newGroup(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
        this.daemon = new Daemon(config, (camera, recorder) -> new RtspSource(camera, recorder, sessions, secrets),
                clock, System::nanoTime);
    }

    static Service start(VigilConfig config, SecretLookup secrets) throws IOException, InterruptedException {
        Service s = new Service(config, secrets);
        try {
            s.startAll();
            return s;
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void startAll() throws IOException, InterruptedException {
        // Up first, so that a long recovery shows as cameras connecting rather than a refused port.
        Router router = OpsRoutes.router(metrics, this::health);
        http = HttpServer.start(config.httpBind(), router);
        RecoveryReport report = daemon.start();
        // Playback needs the catalog, open only now; until then its paths are 404s.
        ApiRoutes.register(router, new Archive(config.storageRoot(), daemon.catalog(), new LiveCameras()), clock);
        for (CameraRecorder r : daemon.recorders().values()) {
            RtspSource source = (RtspSource) daemon.sources().get(r.camera());
            metrics.addCamera(r.camera(), CameraSources.of(r.stats(), () -> source.session().reconnects(), source::lostPackets, source::skippedBytes));
        }
        metrics.bindStorage(StorageSources.of(daemon.catalog(), config.storageRoot()));
        daemon.onRetention(metrics::retentionDeleted);
        metrics.startSampling(scheduler, Duration.ofSeconds(2));
        systemd.ready();
        systemd.status("recording " + daemon.recorders().size() + " cameras; " + report.closed() + " segments recovered");
        systemd.startWatchdog(scheduler, daemon::alive);
        log.info("recording {} cameras into {}; HTTP on http://{}:{}/", daemon.recorders().size(), config.storageRoot(),
                http.address().getHostString(), http.port());
    }

    int httpPort() {
        return http.port();
    }

    Daemon daemon() {
        return daemon;
    }

    /** The API's view of the running cameras: health, rates, the segment being written. */
    private final class LiveCameras implements Cameras {
        private final List<String> names = config.cameras().stream().map(CameraConfig::name).toList();

        @Override
        public List<String> configured() {
            return names;
        }

        @Override
        public Optional<Status> status(String camera) {
            Optional<CameraHealth> h = health().stream().filter(c -> c.name().equals(camera)).findFirst();
            if (h.isEmpty()) return Optional.empty();
            CameraRecorder recorder = daemon.recorders().get(camera);
            long last = recorder == null ? Long.MIN_VALUE : recorder.stats().lastFrameMicros();
            return Optional.of(new Status(h.get().state().name().toLowerCase(java.util.Locale.ROOT), metrics.frameRate(camera),
                    metrics.bitRate(camera), last));
        }

        @Override
        public Optional<SegmentInfo> openSegment(String camera) {
            return daemon.openSegment(camera);
        }
    }

    private List<CameraHealth> health() {
        long now = System.nanoTime();
        List<CameraHealth> out = new ArrayList<>();
        for (CameraConfig camera : config.cameras()) {
            CameraRecorder recorder = daemon.recorders().get(camera.name());
            CameraSource source = daemon.sources().get(camera.name());
            if (recorder == null || !(source instanceof RtspSource rtsp)) {
                out.add(CameraHealth.of(camera, false, Long.MIN_VALUE, now, Optional.empty()));
                continue;
            }
            SessionState s = rtsp.session();
            out.add(CameraHealth.of(camera, s.phase() == SessionState.Phase.PLAYING, recorder.stats().lastFrameMonotonicNanos(), now,
                    Optional.ofNullable(s.lastError())));
        }
        return out;
    }

    /** Stops within a few seconds: sessions torn down, every segment closed, the catalog committed. */
    @Override
    public void close() {
        systemd.stopping();
        scheduler.shutdownNow(); // no sampling of a catalog that is closing
        if (http != null) http.close();
        daemon.close();
        sessions.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        metrics.close();
    }
}
