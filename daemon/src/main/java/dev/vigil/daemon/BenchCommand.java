package dev.vigil.daemon;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.SecretLookup;
import dev.vigil.config.VigilConfig;
import dev.vigil.daemon.bench.BenchClip;
import dev.vigil.daemon.bench.BenchException;
import dev.vigil.daemon.bench.BenchReport;
import dev.vigil.daemon.bench.MachineCpu;
import dev.vigil.daemon.bench.GcPauses;
import dev.vigil.daemon.bench.ProcessStats;
import dev.vigil.daemon.bench.SimCamerasProcess;
import dev.vigil.daemon.record.CameraRecorder;
import dev.vigil.daemon.record.LatencyHistogram;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil bench}: sizing. Starts N simulated cameras in a child JVM (so that their CPU is not
 * the recorder's), records them with the daemon exactly as {@code vigil run} does (RTSP sessions,
 * segment writers, the SQLite catalog, the HTTP endpoint and metrics), and reports what the
 * recorder cost per camera. Exits 1, loudly, if a single frame the cameras made is not on disk.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Record N simulated cameras for T seconds; report CPU per camera, memory, GC, drops, flush latency, disk use.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cameras", defaultValue = "8", description = "Simulated cameras (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--seconds", defaultValue = "60", description = "Measured window, after the warm-up (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "60",
            description = "Seconds recorded before measuring: the JIT compiler works through the first minute, a recorder then runs for months (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--resolution", defaultValue = "1920x1080",
            description = "Clip size (default: ${DEFAULT-VALUE}). Clips of 1920x1080 at 4M and 1280x720 at 2M (15 fps, GOP 15) are bundled; other settings are made with ffmpeg.")
    String resolution;

    @Option(names = "--fps", defaultValue = "15", description = "Frame rate (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--bitrate", defaultValue = "4M", description = "Generated clip bitrate (default: ${DEFAULT-VALUE}).")
    String bitrate;

    @Option(names = "--gop", defaultValue = "15", description = "Generated clip key frame interval in frames (default: ${DEFAULT-VALUE}).")
    int gop;

    @Option(names = "--clip", description = "An Annex-B H.264 file to serve instead of generating one with ffmpeg, or 'demo' for the bundled 640x360 clip.")
    String clip;

    @Option(names = "--storage", description = "Where to record (must be empty or absent; kept). Default: a temporary directory, deleted after.")
    Path storage;

    @Option(names = "--transport", defaultValue = "tcp", description = "tcp or udp (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--segment-duration", defaultValue = "60s", description = "Segment length (default: ${DEFAULT-VALUE}).")
    String segmentDuration;

    @Option(names = "--aligned-key-frames",
            description = "Every camera sends its key frames in the same instant: the worst case for memory. By default they are spread over one key frame interval, as real cameras' are.")
    boolean alignedKeyFrames;

    @Option(names = "--json", description = "Print the report as JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchReport report;
        try {
            report = run(err);
        } catch (BenchException e) {
            err.println("vigil bench: " + e.getMessage());
            err.flush();
            return 2;
        }
        return finish(report, json, out, err);
    }

    /** Prints the report; 1 (and why, on stderr, where it cannot be missed) when frames were lost. */
    static int finish(BenchReport report, boolean json, PrintWriter out, PrintWriter err) {
        out.print(json ? report.json() + System.lineSeparator() : report.table());
        out.flush();
        List<String> failures = report.failures();
        for (String f : failures) err.println("vigil bench: FAIL: " + f);
        err.flush();
        return failures.isEmpty() ? 0 : 1;
    }

    BenchReport run(PrintWriter progress) throws Exception {
        if (cameras < 1) throw new BenchException("--cameras must be at least 1");
        if (seconds <= 0 || warmup < 0) throw new BenchException("--seconds must be positive and --warmup not negative");
        if (!transport.equals("tcp") && !transport.equals("udp")) throw new BenchException("--transport must be tcp or udp");
        BenchClip theClip = clip(progress);
        progress.printf("vigil bench: %d cameras serving %s (%s, %.2f Mbit/s)%n", cameras, theClip.description(),
                theClip.resolution(), theClip.bitsPerSecond() / 1e6);
        progress.flush();

        boolean temporary = storage == null;
        Path root = storageRoot(storage, "vigil-bench-");
        try (SimCamerasProcess sim = SimCamerasProcess.start(theClip, cameras, alignedKeyFrames); GcPauses pauses = new GcPauses()) {
            VigilConfig config = config(sim.urls(), root);
            Service service = Service.start(config, SecretLookup.system());
            Window w;
            SimCamerasProcess.Sent sent;
            BenchReport.Frames frames;
            long payload, segments;
            try {
                Collection<CameraRecorder> recorders = service.daemon().recorders().values();
                awaitRecording(recorders, cameras);
                progress.printf("vigil bench: all %d cameras recording; warm-up %.0f s, then measuring %.0f s%n", cameras, warmup, seconds);
                progress.flush();
                Thread.sleep((long) (warmup * 1000));
                w = measure(recorders, pauses, sim.pid());
                sent = sim.stop();
                frames = stopAndDrain(sent, recorders);
                payload = recorders.stream().mapToLong(r -> r.stats().bytes()).sum();
                segments = recorders.stream().mapToLong(r -> r.stats().segmentsOpened()).sum();
            } finally {
                service.close();
            }
            long camerasBytes = 0, catalogBytes = 0;
            for (String name : config.cameras().stream().map(c -> c.name()).toList()) camerasBytes += size(root.resolve(name));
            try (Stream<Path> top = Files.list(root)) {
                for (Path p : top.filter(Files::isRegularFile).toList()) catalogBytes += Files.size(p);
            }
            double cameraHours = frames.written() / (double) fps / 3600;
            long runNanos = System.nanoTime() - sim.startedNanos();
            BenchReport report = new BenchReport(
                    new BenchReport.Setup(cameras, warmup, seconds, transport, theClip.description(), theClip.resolution(), fps,
                            theClip.bitsPerSecond(), alignedKeyFrames, temporary ? root + " (deleted)" : root.toString(), jvm()),
                    new BenchReport.Cpu(w.cpuPercent() / cameras, w.cpuPercent(),
                            100.0 * (w.end().systemNanos() - w.start().systemNanos()) / w.nanos(), w.cpuNanos() / 1e9, w.nanos() / 1e9,
                            100.0 * sent.cpuNanos() / runNanos, w.machinePercent() / cameras),
                    // VmHWM and a VmRSS read a moment later can disagree by a page or two: the peak is the larger.
                    new BenchReport.Memory(mib(w.end().rssBytes()), mib(w.rssMax()), mib(Math.max(w.end().peakRssBytes(), w.rssMax())),
                            mib(w.heapUsedMax()), mib(w.heapCommittedMax()), w.threadsMax(), w.fdsMax()),
                    new BenchReport.Gc(w.end().gcCount() - w.start().gcCount(), w.end().gcMillis() - w.start().gcMillis(), w.maxPauseMillis()),
                    frames,
                    new BenchReport.Flush(w.flushes().count(), w.flushes().quantileMicros(0.5), w.flushes().quantileMicros(0.99),
                            w.flushes().maxMicros()),
                    new BenchReport.Disk(camerasBytes, payload, catalogBytes,
                            cameraHours > 0 ? Math.round(camerasBytes / cameraHours) : 0, segments));
            return report;
        } finally {
            if (temporary) deleteTree(root);
        }
    }

    /** {@code --clip}: "demo" for the bundled clip, else an Annex-B H.264 file. */
    static BenchClip namedClip(String clip, int fps) throws IOException {
        if ("demo".equals(clip)) return BenchClip.demo(fps);
        Path file = Path.of(clip);
        if (!Files.isRegularFile(file)) throw new BenchException("--clip " + clip + ": no such file");
        return BenchClip.file(file, fps);
    }

    /** {@code --storage} if given (it must be empty or absent), else a new temporary directory. */
    static Path storageRoot(Path storage, String tempPrefix) throws IOException {
        if (storage == null) return Files.createTempDirectory(tempPrefix);
        Path root = storage.toAbsolutePath();
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                if (s.findAny().isPresent()) throw new BenchException("--storage " + root + " is not empty: give an empty or new directory");
            }
        }
        return root;
    }

    /**
     * Once the cameras have stopped: waits until the recorders have written what was sent, then
     * counts. Lost = every frame the cameras sent or had to skip minus those written.
     */
    static BenchReport.Frames stopAndDrain(SimCamerasProcess.Sent sent, Collection<CameraRecorder> recorders) throws InterruptedException {
        drain(recorders, sent.totalSent());
        long written = recorders.stream().mapToLong(r -> r.stats().frames()).sum();
        long dropped = recorders.stream().mapToLong(r -> r.stats().droppedFrames()).sum();
        return new BenchReport.Frames(sent.totalSent(), sent.totalSkipped(), written, dropped, sent.totalSent() + sent.totalSkipped() - written);
    }

    private BenchClip clip(PrintWriter progress) throws IOException, InterruptedException {
        if (fps < 1 || fps > 120) throw new BenchException("--fps must be 1..120");
        if (clip != null) return namedClip(clip, fps);
        return BenchClip.generate(resolution, fps, BenchClip.parseBitrate(bitrate), gop, BenchClip.defaultCacheDir(), s -> {
            progress.println("vigil bench: " + s);
            progress.flush();
        });
    }

    private VigilConfig config(List<String> urls, Path root) throws IOException {
        StringBuilder yaml = new StringBuilder()
                .append("storageRoot: ").append(root).append('\n')
                .append("httpBind: 127.0.0.1:").append(freePort()).append('\n')
                .append("segmentDuration: ").append(segmentDuration).append('\n')
                .append("retention: {maxAge: 1d}\n")
                .append("cameras:\n");
        for (int i = 0; i < urls.size(); i++) {
            yaml.append("  - {name: cam").append(i + 1).append(", url: \"").append(urls.get(i))
                    .append("\", transport: ").append(transport).append("}\n");
        }
        return ConfigLoader.load(yaml.toString(), "vigil bench");
    }

    /** A port free now for the HTTP endpoint (the config has no "any port"); taken again at once by the service. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until every camera has written a frame; a {@link BenchException} if one has not in 30 s and more. */
    static void awaitRecording(Collection<CameraRecorder> recorders, int cameras) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L + cameras * 250_000_000L;
        while (recorders.stream().anyMatch(r -> r.stats().frames() == 0)) {
            if (System.nanoTime() > deadline) {
                long idle = recorders.stream().filter(r -> r.stats().frames() == 0).count();
                throw new BenchException(idle + " of " + cameras + " cameras never recorded a frame: see the log above");
            }
            Thread.sleep(100);
        }
    }

    /** Everything measured over the window after the warm-up. */
    private record Window(ProcessStats start, ProcessStats end, long nanos, long rssMax, long heapUsedMax, long heapCommittedMax,
            int threadsMax, int fdsMax, long maxPauseMillis, LatencyHistogram.Snapshot flushes,
            MachineCpu machineStart, MachineCpu machineEnd, long camerasStartNanos, long camerasEndNanos) {
        long cpuNanos() {
            return end.cpuNanos() - start.cpuNanos();
        }

        /** The whole machine's busy time but the simulated cameras', in % of one core; NaN if unknown. */
        double machinePercent() {
            if (!machineStart.known() || !machineEnd.known() || camerasStartNanos < 0 || camerasEndNanos < 0) return Double.NaN;
            long busy = machineEnd.busyNanos() - machineStart.busyNanos() - (camerasEndNanos - camerasStartNanos);
            return 100.0 * busy / nanos;
        }

        double cpuPercent() {
            return 100.0 * cpuNanos() / nanos;
        }
    }

    private Window measure(Collection<CameraRecorder> recorders, GcPauses pauses, long camerasPid) throws InterruptedException {
        LatencyHistogram.Snapshot flushesBefore = flushes(recorders);
        pauses.reset();
        MachineCpu machineStart = MachineCpu.sample();
        long camerasStart = MachineCpu.processNanos(camerasPid);
        ProcessStats start = ProcessStats.sample();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long rss = start.rssBytes(), used = start.heapUsed(), committed = start.heapCommitted();
        int threads = start.threads(), fds = start.fds();
        // A sample a second for the maxima: cheap next to the recording, and it is in the figures.
        for (long now; (now = System.nanoTime()) < end; ) {
            Thread.sleep(Math.max(1, Math.min(1000, (end - now) / 1_000_000)));
            ProcessStats s = ProcessStats.sample();
            rss = Math.max(rss, s.rssBytes());
            used = Math.max(used, s.heapUsed());
            committed = Math.max(committed, s.heapCommitted());
            threads = Math.max(threads, s.threads());
            fds = Math.max(fds, s.fds());
        }
        ProcessStats last = ProcessStats.sample();
        MachineCpu machineEnd = MachineCpu.sample();
        long camerasEnd = MachineCpu.processNanos(camerasPid);
        long nanos = System.nanoTime() - t0;
        return new Window(start, last, nanos, Math.max(rss, last.rssBytes()), used, committed, threads, fds,
                pauses.maxMillis(), flushes(recorders).minus(flushesBefore), machineStart, machineEnd, camerasStart, camerasEnd);
    }

    private static LatencyHistogram.Snapshot flushes(Collection<CameraRecorder> recorders) {
        LatencyHistogram.Snapshot sum = LatencyHistogram.Snapshot.empty();
        for (CameraRecorder r : recorders) sum = sum.plus(r.stats().flushLatency().snapshot());
        return sum;
    }

    /**
     * The cameras have stopped; waits until every frame they sent is written or dropped, or until
     * nothing has moved for two seconds (then what is missing is lost, and reported so).
     */
    static void drain(Collection<CameraRecorder> recorders, long sent) throws InterruptedException {
        long last = -1, still = System.nanoTime();
        while (true) {
            long done = recorders.stream().mapToLong(r -> r.stats().frames() + r.stats().droppedFrames()).sum();
            if (done >= sent) return;
            if (done != last) {
                last = done;
                still = System.nanoTime();
            } else if (System.nanoTime() - still > 2_000_000_000L) {
                return;
            }
            Thread.sleep(20);
        }
    }

    static String jvm() {
        String gcs = String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream().map(g -> g.getName()).toList());
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X") && !a.startsWith("-Xlog") || a.startsWith("-XX:")).toList();
        return "Java " + Runtime.version().feature() + ", " + gcs + ", max heap " + Math.round(mib(Runtime.getRuntime().maxMemory()))
                + " MiB" + (args.isEmpty() ? "" : ", " + String.join(" ", args));
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static long size(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> files = Files.walk(dir)) {
            long sum = 0;
            for (Path p : files.filter(Files::isRegularFile).toList()) sum += Files.size(p);
            return sum;
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.err.println("vigil bench: could not delete " + root + ": " + e.getMessage());
        }
    }
}
