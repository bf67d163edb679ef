package dev.vigil.daemon;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.SecretLookup;
import dev.vigil.config.VigilConfig;
import dev.vigil.daemon.bench.BenchClip;
import dev.vigil.daemon.bench.BenchException;
import dev.vigil.daemon.bench.BenchReport;
import dev.vigil.daemon.bench.ProcessStats;
import dev.vigil.daemon.bench.SimCamerasProcess;
import dev.vigil.daemon.bench.SoakReport;
import dev.vigil.daemon.bench.SoakSample;
import dev.vigil.daemon.bench.SoakVerdict;
import dev.vigil.daemon.record.CameraRecorder;
import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.rf1.TrackFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil soak}: the bench's simulated cameras and recording path, run for long with short
 * segments and a short retention, so that an hour rolls and deletes as many segments as weeks of
 * a real config would. Samples the process, the catalog and the archive as it goes, and says
 * whether they stayed flat (see {@link SoakVerdict}); exits 1, loudly, if not, or if a frame was lost.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Record N simulated cameras for T seconds with short segments and retention; check RSS, fds, threads and the catalog stay flat.")
final class SoakCommand implements Callable<Integer> {
    /** The simulated cameras send video alone. */
    private static final int TRACKS = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--cameras", defaultValue = "8", description = "Simulated cameras (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--seconds", defaultValue = "3600", description = "How long to record (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--segment-duration", defaultValue = "10s", description = "Segment length (default: ${DEFAULT-VALUE}).")
    String segmentDuration;

    @Option(names = "--retain", defaultValue = "2m", description = "Retention maxAge (default: ${DEFAULT-VALUE}).")
    String retain;

    @Option(names = "--sample-every", defaultValue = "30s", description = "Sampling interval (default: ${DEFAULT-VALUE}).")
    String sampleEvery;

    @Option(names = "--clip", defaultValue = "demo",
            description = "An Annex-B H.264 file, or 'demo' for the bundled 640x360 clip (default: ${DEFAULT-VALUE}).")
    String clip;

    @Option(names = "--fps", defaultValue = "15", description = "Frame rate (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--storage", description = "Where to record (must be empty or absent; kept). Default: a temporary directory, deleted after.")
    Path storage;

    @Option(names = "--json", description = "Print the report as JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SoakReport report;
        try {
            report = run(err);
        } catch (BenchException e) {
            err.println("vigil soak: " + e.getMessage());
            err.flush();
            return 2;
        }
        return finish(report, json, out, err);
    }

    static int finish(SoakReport report, boolean json, PrintWriter out, PrintWriter err) {
        out.print(json ? report.json() + System.lineSeparator() : report.table());
        out.flush();
        for (String f : report.verdict().failures()) err.println("vigil soak: NOT FLAT: " + f);
        err.flush();
        return report.verdict().flat() ? 0 : 1;
    }

    SoakReport run(PrintWriter progress) throws Exception {
        if (cameras < 1) throw new BenchException("--cameras must be at least 1");
        if (seconds <= 0) throw new BenchException("--seconds must be positive");
        if (fps < 1 || fps > 120) throw new BenchException("--fps must be 1..120");
        BenchClip theClip = BenchCommand.namedClip(clip, fps);
        boolean temporary = storage == null;
        Path root = BenchCommand.storageRoot(storage, "vigil-soak-");
        try (SimCamerasProcess sim = SimCamerasProcess.start(theClip, cameras, false)) {
            VigilConfig config = config(sim.urls(), root);
            double segmentSeconds = config.segmentDuration().toMillis() / 1000.0;
            double retainSeconds = config.retention().maxAge().orElseThrow().toMillis() / 1000.0;
            double sampleSeconds = parseSeconds(sampleEvery);
            List<SoakSample> samples = new ArrayList<>();
            BenchReport.Frames frames;
            Service service = Service.start(config, SecretLookup.system());
            try {
                Collection<CameraRecorder> recorders = service.daemon().recorders().values();
                BenchCommand.awaitRecording(recorders, cameras);
                progress.printf("vigil soak: %d cameras recording %s for %.0f s, segments %.0f s, maxAge %.0f s; a sample every %.0f s%n",
                        cameras, theClip.description(), seconds, segmentSeconds, retainSeconds, sampleSeconds);
                progress.print(SoakReport.header());
                progress.flush();
                long t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9);
                for (long next = t0; ; next += (long) (sampleSeconds * 1e9)) {
                    long now = System.nanoTime();
                    if (next > end) break;
                    if (next > now) Thread.sleep((next - now) / 1_000_000);
                    SoakSample s = sample((System.nanoTime() - t0) / 1e9, service.daemon().catalog(), config, recorders);
                    samples.add(s);
                    progress.print(SoakReport.line(s));
                    progress.flush();
                }
                frames = BenchCommand.stopAndDrain(sim.stop(), recorders);
            } finally {
                service.close();
            }
            SoakVerdict verdict = SoakVerdict.judge(samples, new SoakVerdict.Expect(cameras, TRACKS, segmentSeconds, retainSeconds),
                    frames.lost());
            return new SoakReport(new SoakReport.Setup(cameras, seconds, segmentSeconds, retainSeconds, sampleSeconds, theClip.description(),
                    fps, temporary ? root + " (deleted)" : root.toString(), BenchCommand.jvm()), List.copyOf(samples), frames, verdict);
        } finally {
            if (temporary) BenchCommand.deleteTree(root);
        }
    }

    private static SoakSample sample(double at, Catalog catalog, VigilConfig config, Collection<CameraRecorder> recorders) throws IOException {
        ProcessStats p = ProcessStats.sample();
        long rows = catalog.segmentCount();
        long files = 0;
        for (var camera : config.cameras()) files += trackFiles(config.storageRoot().resolve(camera.name()));
        Path db = catalogFile(config);
        long frames = recorders.stream().mapToLong(r -> r.stats().frames()).sum();
        return new SoakSample(at, p.rssBytes(), p.heapUsed(), directBytes(), p.threads(), p.fds(), rows, files,
                size(db), db == null ? 0 : size(db.resolveSibling(db.getFileName() + "-wal")), frames);
    }

    private static long directBytes() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) return pool.getMemoryUsed();
        }
        return 0;
    }

    /** The files of a camera's tracks, by name alone: retention may delete one between the listing and a stat. */
    private static long trackFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        long n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(TrackFiles.INDEX_SUFFIX) || name.endsWith(TrackFiles.PACKETS_SUFFIX)) n++;
            }
        }
        return n;
    }

    /** The SQLite catalog's file, or null for another database (its size is then not ours to see). */
    private static Path catalogFile(VigilConfig config) {
        String url = config.catalogUrl();
        return url.startsWith("jdbc:sqlite:") ? Path.of(url.substring("jdbc:sqlite:".length())) : null;
    }

    private static long size(Path file) {
        try {
            return file == null ? 0 : Files.size(file);
        } catch (IOException e) {
            return 0; // no WAL between checkpoints, or none yet
        }
    }

    private VigilConfig config(List<String> urls, Path root) throws IOException {
        StringBuilder yaml = new StringBuilder()
                .append("storageRoot: ").append(root).append('\n')
                .append("httpBind: 127.0.0.1:").append(BenchCommand.freePort()).append('\n')
                .append("segmentDuration: ").append(segmentDuration).append('\n')
                .append("retention: {maxAge: ").append(retain).append("}\n")
                .append("cameras:\n");
        for (int i = 0; i < urls.size(); i++) {
            yaml.append("  - {name: cam").append(i + 1).append(", url: \"").append(urls.get(i)).append("\"}\n");
        }
        try {
            return ConfigLoader.load(yaml.toString(), "vigil soak");
        } catch (RuntimeException e) {
            throw new BenchException("--segment-duration " + segmentDuration + " / --retain " + retain + ": " + e.getMessage());
        }
    }

    /** "30s", "2m", "1h", "500ms", or plain seconds. */
    static double parseSeconds(String text) {
        String t = text.trim();
        double unit = 1;
        if (t.endsWith("ms")) {
            unit = 0.001;
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s") || t.endsWith("m") || t.endsWith("h")) {
            unit = t.endsWith("s") ? 1 : t.endsWith("m") ? 60 : 3600;
            t = t.substring(0, t.length() - 1);
        }
        try {
            double s = Double.parseDouble(t) * unit;
            if (s > 0) return s;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BenchException("--sample-every " + text + ": give a positive duration such as 30s or 1m");
    }
}
