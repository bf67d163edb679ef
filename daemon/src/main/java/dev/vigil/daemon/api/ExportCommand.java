package dev.vigil.daemon.api;

import dev.vigil.config.CameraConfig;
import dev.vigil.config.ConfigException;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.catalog.CatalogException;
import dev.vigil.storage.mp4.GapMode;
import dev.vigil.storage.mp4.Mp4File;
import dev.vigil.storage.mp4.Mp4Plan;
import dev.vigil.storage.mp4.StopReason;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil export}: one range of one camera to an MP4 file, the same bytes {@code view.mp4}
 * serves (the same {@link Archive} plans it, the same {@link Mp4File} writes it). Written to a
 * temporary file beside the output and renamed, so that a failed export leaves no half file.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a time range of a camera's recordings to an MP4 file.")
public final class ExportCommand implements Callable<Integer> {
    /** Progress is redrawn after each piece this big. */
    private static final long PIECE = 8L << 20;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, defaultValue = "/etc/vigil/vigil.yaml", description = "The YAML config file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--camera", required = true, description = "The camera's name.")
    String camera;

    @Option(names = "--start", required = true, description = "Start: ISO-8601 with a zone or offset (2026-11-21T08:00:00Z), or epoch milliseconds.")
    String start;

    @Option(names = "--end", required = true, description = "End, in the same forms.")
    String end;

    @Option(names = {"-o", "--output"}, required = true, description = "The MP4 file to write.")
    Path output;

    @Option(names = "--join", description = "Go on across gaps in the recording (the last frame before a gap lasts until the next one).")
    boolean join;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return export(out);
        } catch (ApiProblem p) {
            return fail(err, p.getMessage(), p.status() == 400 ? 2 : 1);
        } catch (ConfigException e) {
            return fail(err, e.getMessage(), 2);
        } catch (IOException | CatalogException e) {
            return fail(err, e.getMessage() == null ? e.toString() : e.getMessage(), 1);
        }
    }

    private int export(PrintWriter out) throws IOException {
        long from, to;
        try {
            from = Times.parseMicros("--start", start);
            to = Times.parseMicros("--end", end);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(400, e.getMessage().replace("'--start'", "--start").replace("'--end'", "--end"));
        }
        if (to <= from) throw new ApiProblem(400, "--end (" + Times.iso(to) + ") must be after --start (" + Times.iso(from) + ")");
        VigilConfig c = ConfigLoader.load(config);
        try (Catalog catalog = Catalog.open(c.catalogUrl())) {
            Archive archive = new Archive(c.storageRoot(), catalog, Cameras.of(c.cameras().stream().map(CameraConfig::name).toList()));
            String name = archive.camera(camera);
            Mp4Plan plan = archive.plan(name, from, to, join ? GapMode.JOIN : GapMode.STOP);
            if (plan.isEmpty()) throw archive.nothingIn(name, from, to);
            Mp4File file = Mp4File.of(plan);
            write(file, out);
            out.printf(Locale.ROOT, "wrote %s: %s, %s to %s of camera %s%n", output, size(file.length()), Times.iso(plan.startMicros()),
                    Times.iso(plan.endMicros()), name);
            if (plan.stopReason() != StopReason.END && plan.nextRunStartMicros().isPresent()) {
                out.printf(Locale.ROOT, "the recording %s at %s; the next run starts at %s%s%n",
                        plan.stopReason() == StopReason.GAP ? "has a gap" : "changes format", Times.iso(plan.endMicros()),
                        Times.iso(plan.nextRunStartMicros().getAsLong()),
                        plan.stopReason() == StopReason.GAP ? " (--join goes on across gaps)" : "");
            }
            out.flush();
            return 0;
        }
    }

    private void write(Mp4File file, PrintWriter out) throws IOException {
        Path target = output.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        boolean bar = System.console() != null;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                long length = file.length();
                for (long at = 0; at < length; at += PIECE) {
                    file.write(at, Math.min(length, at + PIECE), ch);
                    if (bar) progress(out, Math.min(length, at + PIECE), length);
                }
                ch.force(false);
            }
            if (bar) {
                out.print("\r\033[K");
                out.flush();
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void progress(PrintWriter out, long done, long total) {
        int width = 40;
        int filled = (int) (width * done / total);
        out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + (100 * done / total) + "% " + size(done) + " of " + size(total));
        out.flush();
    }

    static String size(long bytes) {
        if (bytes < 10_000) return bytes + " bytes";
        if (bytes < 10_000_000) return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        if (bytes < 10_000_000_000L) return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    private static int fail(PrintWriter err, String message, int code) {
        err.println("vigil export: " + message);
        err.flush();
        return code;
    }
}
