package dev.vigil.daemon.crash;

import dev.vigil.rtsp.sim.Clip;
import dev.vigil.rtsp.sim.SimulatedCamera;
import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.recovery.ArchiveVerifier;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Kills the daemon with SIGKILL at random moments, again and again, and after every restart
 * audits what the kill left ({@link ArchiveAudit}). The cameras are simulated in this process;
 * the daemon is a child process ({@link DaemonChild}), the real {@code vigil run}.
 */
final class CrashLoop {
    /** Limits on how long each start may take: a hang guard, not a claim about speed. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    record Settings(int cameras, int kills, Duration minUptime, Duration maxUptime, Duration flushInterval,
                    Duration segmentDuration, Path storage, Path jar, long seed) {
        Settings {
            if (cameras < 1 || kills < 1) throw new IllegalArgumentException("at least one camera and one kill");
            if (maxUptime.compareTo(minUptime) < 0) throw new IllegalArgumentException("the longest uptime is shorter than the shortest");
        }

        /** What a kill may lose by design: the frames since the last flush, with room for the flush itself. */
        Duration allowedLoss() {
            return flushInterval.plusMillis(500);
        }
    }

    /**
     * One kill and what the restart after it found.
     *
     * @param recovery the new daemon's recovery summary line
     * @param restartToRecording from launching the new daemon to every camera recording again
     */
    record Kill(int number, Duration uptime, String recovery, Duration restartToRecording, ArchiveAudit.Result audit) {}

    record Report(Settings settings, List<Kill> kills, List<String> finalProblems, boolean cleanStop) {
        long worstLostMicros() {
            return kills.stream().mapToLong(k -> k.audit().worstLostMicros()).max().orElse(0);
        }

        long worstGapMicros() {
            return kills.stream().mapToLong(k -> k.audit().worstGapMicros()).max().orElse(0);
        }

        int problems() {
            return kills.stream().mapToInt(k -> k.audit().problems().size()).sum() + finalProblems.size();
        }

        boolean passed() {
            return problems() == 0 && cleanStop && worstLostMicros() <= settings.allowedLoss().toNanos() / 1000;
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final LongSupplier nanoTime;

    CrashLoop(Settings settings, Clock clock, LongSupplier nanoTime) {
        this.settings = settings;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    Report run(Consumer<Kill> progress) throws Exception {
        Path root = settings.storage().resolve("archive");
        Files.createDirectories(root);
        Path log = settings.storage().resolve("vigil.log");
        Random random = new Random(settings.seed());
        List<String> cameras = new ArrayList<>();
        for (int i = 1; i <= settings.cameras(); i++) cameras.add("cam-" + i);
        List<Kill> kills = new ArrayList<>();
        try (SimulatedCamera camera = SimulatedCamera.start(Clip.demo(), 0)) {
            int httpPort = freePort();
            Path config = writeConfig(root, httpPort, camera, cameras);
            DaemonChild daemon = start(config, log, httpPort);
            Catalog catalog = Catalog.open("jdbc:sqlite:" + root.resolve("catalog.db"));
            try {
                for (int k = 1; k <= settings.kills(); k++) {
                    long spanMillis = settings.maxUptime().toMillis() - settings.minUptime().toMillis();
                    Duration uptime = settings.minUptime().plusMillis(spanMillis == 0 ? 0 : (long) (random.nextDouble() * spanMillis));
                    Thread.sleep(uptime.toMillis());
                    long killMicros = micros();
                    daemon.kill();

                    long restartMicros = micros();
                    long restarted = nanoTime.getAsLong();
                    long logFrom = daemon.logSize();
                    daemon = DaemonChild.start(settings.jar(), config, log, httpPort, nanoTime);
                    String recovery = daemon.awaitLogLine(logFrom, "recovery:", START_TIMEOUT);
                    daemon.awaitLogLine(logFrom, "recording " + cameras.size() + " cameras", START_TIMEOUT);
                    daemon.awaitHealthy(START_TIMEOUT);
                    Duration toRecording = Duration.ofNanos(nanoTime.getAsLong() - restarted);
                    ArchiveAudit.Result audit = ArchiveAudit.run(root, catalog, cameras, killMicros, restartMicros);
                    Kill kill = new Kill(k, uptime, recovery.substring(recovery.indexOf("recovery:")), toRecording, audit);
                    kills.add(kill);
                    progress.accept(kill);
                }
                boolean clean = daemon.terminate(Duration.ofSeconds(10));
                ArchiveVerifier.Report last = ArchiveVerifier.verify(root, catalog);
                return new Report(settings, kills, last.problems(), clean);
            } finally {
                daemon.close();
                catalog.close();
            }
        }
    }

    private DaemonChild start(Path config, Path log, int httpPort) throws IOException, InterruptedException {
        DaemonChild daemon = DaemonChild.start(settings.jar(), config, log, httpPort, nanoTime);
        daemon.awaitLogLine(0, "recording " + settings.cameras() + " cameras", START_TIMEOUT);
        daemon.awaitHealthy(START_TIMEOUT);
        return daemon;
    }

    private Path writeConfig(Path root, int httpPort, SimulatedCamera camera, List<String> cameras) throws IOException {
        StringBuilder yaml = new StringBuilder()
                .append("storageRoot: ").append(root.toAbsolutePath()).append('\n')
                .append("httpBind: 127.0.0.1:").append(httpPort).append('\n')
                .append("flushInterval: ").append(settings.flushInterval().toMillis()).append("ms\n")
                .append("segmentDuration: ").append(settings.segmentDuration().toSeconds()).append("s\n")
                .append("cameras:\n");
        for (String name : cameras) yaml.append("  - {name: ").append(name).append(", url: \"").append(camera.url(name)).append("\"}\n");
        Path config = settings.storage().resolve("vigil.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    private long micros() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
