package dev.vigil.daemon;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.SecretLookup;
import dev.vigil.config.VigilConfig;
import dev.vigil.daemon.FaultOutcome.CameraCount;
import dev.vigil.daemon.record.CameraRecorder;
import dev.vigil.daemon.record.RecorderStats;
import dev.vigil.rtsp.session.SessionState;
import dev.vigil.rtsp.sim.CameraFaults;
import dev.vigil.rtsp.sim.Clip;
import dev.vigil.rtsp.sim.SimulatedCamera;
import dev.vigil.rtsp.transport.Transport;
import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.catalog.SegmentRecord;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link FaultScenario}: a simulated camera serving N paths on 127.0.0.1, the real
 * recording path in this process (the {@link Daemon} with {@link RtspSource} sessions, a SQLite
 * catalog, segments on disk), camera 1 faulted, the others left alone. It measures the faulted
 * camera's time-to-recording-again and, for every camera, the frames the simulated camera sent on
 * its path against those written. To count no frame in flight as lost, the simulated camera stops
 * first (its connections close after what they carry), and the recorders drain before they close.
 */
final class FaultRunner {
    private static final Logger log = LoggerFactory.getLogger(FaultRunner.class);
    static final String FAULTED = "cam-1";
    static final String USER = "admin";
    /** What the faulted camera's config says; the camera wants another. Never in a log line or state. */
    static final String WRONG_PASSWORD = "not-the-password-42";
    /** The full disk: big enough for every camera's open segment and the old footage, small enough to fill at once. */
    static final long DISK_MIB = 200;
    static final long OLD_FOOTAGE_BYTES = 80L << 20;
    private static final Duration SETTLE = Duration.ofSeconds(2);
    /** After recording again, the run goes on this long: one frame is not a recovery. */
    private static final Duration TAIL = Duration.ofSeconds(2);
    private static final Duration FIRST_FRAME_LIMIT = Duration.ofSeconds(30);

    private final int cameras;
    private final FaultTiming timing;
    private final Clock clock;
    private final LongSupplier nanoTime;

    /** @param nanoTime the clock the sessions stamp frame arrivals with (they use {@link System#nanoTime()}) */
    FaultRunner(int cameras, FaultTiming timing, Clock clock, LongSupplier nanoTime) {
        if (cameras < 2) throw new IllegalArgumentException("a fault run needs the faulted camera and at least one other: " + cameras);
        this.cameras = cameras;
        this.timing = timing;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    static String name(int i) {
        return "cam-" + i;
    }

    /** Runs {@code s} in {@code work} (a directory of its own, left with the recordings). */
    FaultOutcome run(FaultScenario s, Path work) throws Exception {
        log.info("fault scenario {}: {}", s.name(), s.what());
        EventLoopGroup sessions = Transport.chosen().newGroup(2);
        FaultDisk disk = s.setup().fullDisk() ? FaultDisk.mount(work.resolve("disk"), DISK_MIB) : null;
        try (SimulatedCamera sim = SimulatedCamera.start(Clip.demo(), 0)) {
            Path root = disk != null ? disk.root().resolve("archive") : work.resolve("archive");
            if (disk != null) disk.oldSegment(root.resolve(name(cameras)), OLD_FOOTAGE_BYTES);
            CameraFaults faults = sim.faults(FAULTED);
            if (s.setup().wrongPassword()) faults.requireLogin(USER, "the-right-password");
            VigilConfig config = config(root, sim, s.setup());
            long startMicros = clock.millis() * 1000;
            Daemon daemon = new Daemon(config, (camera, recorder) -> new RtspSource(camera, recorder, sessions, SecretLookup.system()),
                    clock, nanoTime);
            Measured m;
            List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
            Map<String, SessionState> states = new LinkedHashMap<>();
            try {
                m = record(s, daemon, new FaultContext(faults, disk, () -> daemon.recorders().get(FAULTED).stats().frames(), notes::add, nanoTime));
            } finally {
                // Before the camera stops: its end is no fault of the run, and each session tries to reconnect.
                daemon.sources().forEach((name, source) -> states.put(name, ((RtspSource) source).session()));
                sim.close(); // first: what is in flight arrives, then the connections end
                awaitDrained(daemon);
                daemon.close();
            }
            List<CameraCount> faulted = new ArrayList<>();
            List<CameraCount> others = new ArrayList<>();
            for (int i = 1; i <= cameras; i++) {
                CameraCount c = count(name(i), sim, daemon, states.get(name(i)));
                (i == 1 || s.setup().fullDisk() ? faulted : others).add(c);
            }
            List<SegmentRecord> rows;
            try (Catalog catalog = Catalog.open(config.catalogUrl())) {
                rows = catalog.allSegments().stream().filter(r -> r.camera().equals(FAULTED)).toList();
            }
            FaultOutcome outcome = new FaultOutcome(s, m.recovery(), m.longestGap(), faulted, others, rows, root, startMicros, clock.millis() * 1000,
                    List.copyOf(notes), List.of());
            outcome = outcome.withProblems(commonProblems(outcome));
            return outcome.withProblems(s.check().problems(outcome));
        } finally {
            sessions.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            if (disk != null) disk.close();
        }
    }

    private record Measured(OptionalLong recovery, long longestGap) {}

    private Measured record(FaultScenario s, Daemon daemon, FaultContext context) throws Exception {
        daemon.start();
        Map<String, RecorderStats> stats = new LinkedHashMap<>();
        for (int i = 1; i <= cameras; i++) stats.put(name(i), daemon.recorders().get(name(i)).stats());
        try (RecordingWatch watch = new RecordingWatch(stats, nanoTime)) {
            awaitFirstFrames(daemon, s.setup().wrongPassword() ? 2 : 1);
            Thread.sleep(SETTLE.toMillis());
            long injected = nanoTime.getAsLong();
            long from = s.injection().inject(context);
            long observeUntil = from + s.observe().toNanos();
            long giveUpAt = from + Math.max(s.observe().toNanos(), s.bound().toNanos() + TimeUnit.SECONDS.toNanos(5));
            while (true) {
                long now = nanoTime.getAsLong();
                OptionalLong recovery = recovery(s, watch, from);
                boolean done = now - observeUntil >= 0
                        && (recovery.isPresent() && now - (from + recovery.getAsLong() + TAIL.toNanos()) >= 0 || now - giveUpAt >= 0);
                if (done) {
                    if (s.setup().fullDisk() && recovery.isEmpty() && noWriteFailed(watch)) {
                        context.notes().accept("no camera's write failed: the disk never filled under them");
                    }
                    long gap = 0;
                    for (int i = 1; i <= (s.setup().fullDisk() ? cameras : 1); i++) gap = Math.max(gap, watch.longestGap(name(i), injected, now));
                    return new Measured(recovery, gap);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Time-to-recording-again (see {@link FaultOutcome#recoveryNanos()}), as far as the run has got. */
    private OptionalLong recovery(FaultScenario s, RecordingWatch watch, long from) {
        if (!s.setup().fullDisk()) {
            OptionalLong first = watch.firstWrittenSince(FAULTED, from);
            return first.isPresent() ? OptionalLong.of(first.getAsLong() - from) : OptionalLong.empty();
        }
        long longest = -1;
        for (int i = 1; i <= cameras; i++) {
            OptionalLong failed = watch.firstWriteError(name(i));
            if (failed.isEmpty()) continue;
            OptionalLong again = watch.firstWrittenSince(name(i), failed.getAsLong());
            if (again.isEmpty()) return OptionalLong.empty();
            longest = Math.max(longest, again.getAsLong() - failed.getAsLong());
        }
        return longest < 0 ? OptionalLong.empty() : OptionalLong.of(longest);
    }

    private boolean noWriteFailed(RecordingWatch watch) {
        for (int i = 1; i <= cameras; i++) {
            if (watch.firstWriteError(name(i)).isPresent()) return false;
        }
        return true;
    }

    private void awaitFirstFrames(Daemon daemon, int fromCamera) throws InterruptedException {
        long deadline = nanoTime.getAsLong() + FIRST_FRAME_LIMIT.toNanos();
        for (int i = fromCamera; i <= cameras; i++) {
            CameraRecorder r = daemon.recorders().get(name(i));
            while (r.stats().frames() == 0) {
                if (nanoTime.getAsLong() - deadline > 0) throw new IllegalStateException(name(i) + " recorded nothing in " + FIRST_FRAME_LIMIT);
                Thread.sleep(50);
            }
        }
    }

    /** Waits until no recorder has written a frame for half a second (at most 5 s): what was sent has arrived. */
    private void awaitDrained(Daemon daemon) throws InterruptedException {
        long deadline = nanoTime.getAsLong() + TimeUnit.SECONDS.toNanos(5);
        long before = -1;
        while (nanoTime.getAsLong() - deadline < 0) {
            long frames = daemon.recorders().values().stream().mapToLong(r -> r.stats().frames()).sum();
            if (frames == before) return;
            before = frames;
            Thread.sleep(500);
        }
    }

    private static CameraCount count(String camera, SimulatedCamera sim, Daemon daemon, SessionState state) {
        return new CameraCount(camera, sim.faults(camera).framesSent(), daemon.recorders().get(camera).stats().frames(),
                state.reconnects(), state.lastError());
    }

    private List<String> commonProblems(FaultOutcome o) {
        List<String> problems = new ArrayList<>();
        for (CameraCount c : o.others()) {
            if (c.lost() != 0) problems.add(c.camera() + " lost " + c.lost() + " of " + c.sent() + " frames");
            if (c.reconnects() != 0) problems.add(c.camera() + " reconnected " + c.reconnects() + " times");
        }
        if (o.scenario().setup().wrongPassword()) return problems;
        if (o.recoveryNanos().isEmpty()) {
            problems.add(o.scenario().setup().fullDisk() ? "a camera never recorded again after a failed write (or no write failed)"
                    : FAULTED + " never recorded again");
        } else if (o.recoveryNanos().getAsLong() > o.scenario().bound().toNanos()) {
            problems.add("recording again took " + FaultTable.seconds(o.recoveryNanos().getAsLong()) + ", more than the "
                    + o.scenario().bound().toSeconds() + " s the timeouts and backoff allow");
        }
        return problems;
    }

    private VigilConfig config(Path root, SimulatedCamera sim, FaultScenario.Setup setup) {
        StringBuilder yaml = new StringBuilder()
                .append("storageRoot: ").append(root.toAbsolutePath()).append('\n')
                .append("flushInterval: 1s\n")
                .append("segmentDuration: ").append(timing.segment().toSeconds()).append("s\n")
                // A full-disk run wants a write to fail: with a free-disk floor, a periodic retention
                // pass racing the segments' rolls could make room first, and the run would prove
                // nothing about a failed write (the likely cause of one CI failure). Without one, only the write path frees.
                .append("retention: {minFreeDisk: ").append(setup.fullDisk() ? "0B" : "1MiB").append("}\n")
                .append("cameras:\n");
        for (int i = 1; i <= cameras; i++) {
            yaml.append("  - {name: ").append(name(i)).append(", url: \"").append(sim.url(name(i)))
                    .append("\", stallTimeout: ").append(timing.stallTimeout().toMillis()).append("ms");
            if (i == 1 && setup.udp()) yaml.append(", transport: udp");
            if (i == 1 && setup.wrongPassword()) yaml.append(", user: ").append(USER).append(", password: ").append(WRONG_PASSWORD);
            yaml.append("}\n");
        }
        return ConfigLoader.load(yaml.toString(), "vigil faults");
    }
}
