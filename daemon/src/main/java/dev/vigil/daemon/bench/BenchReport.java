package dev.vigil.daemon.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code vigil bench} measured, as a table for people and JSON for scripts (the same
 * numbers: the table only rounds them). CPU, memory, GC, threads and descriptors are the
 * recorder's process alone, over the measured window after the warm-up; frames count the whole
 * run, from the first frame the cameras sent to the last.
 */
public record BenchReport(Setup setup, Cpu cpu, Memory memory, Gc gc, Frames frames, Flush flush, Disk disk) {

    /**
     * @param alignedKeyFrames whether every camera sent its key frames in the same instant (else they
     *                         were spread over one key frame interval, as real cameras' are)
     * @param jvm              the recorder JVM's options and collector
     */
    public record Setup(int cameras, double warmupSeconds, double seconds, String transport, String clip, String resolution,
            int fps, long clipBitsPerSecond, boolean alignedKeyFrames, String storage, String jvm) {}

    /**
     * @param perCameraPercent   recorder CPU per camera, in % of one core
     * @param totalPercent       the recorder's whole process, in % of one core
     * @param systemPercent      the part of {@code totalPercent} spent in the kernel
     * @param camerasPercent     the simulated cameras' process over the whole run (not counted above)
     * @param machinePerCameraPercent the whole machine's busy time over the window but the simulated
     *                           cameras', per camera (see {@link MachineCpu}); NaN where unknown
     */
    public record Cpu(double perCameraPercent, double totalPercent, double systemPercent, double cpuSeconds, double windowSeconds, double camerasPercent,
            double machinePerCameraPercent) {}

    /** Sizes in MiB; the maxima are of samples taken every second of the window. */
    public record Memory(double rssMiB, double rssMaxMiB, double peakRssMiB, double heapUsedMaxMiB, double heapCommittedMaxMiB,
            int threadsMax, int fdsMax) {}

    /** Stop-the-world collections in the window. */
    public record Gc(long collections, long totalMillis, long maxPauseMillis) {}

    /**
     * @param sent     frames the cameras sent
     * @param skipped  frames the cameras could not send because the recorder was not reading its socket
     * @param written  frames the recorder wrote
     * @param dropped  frames the recorder received but dropped (disk not keeping up)
     * @param lost     sent + skipped − written: every frame the cameras made that is not on disk
     */
    public record Frames(long sent, long skipped, long written, long dropped, long lost) {}

    /** Flush durations (from a flush's start until what it wrote was durable) in the window, over all cameras, in microseconds. */
    public record Flush(long count, long p50Micros, long p99Micros, long maxMicros) {}

    /**
     * @param payloadBytes media bytes written; {@code bytes} adds the container's overhead
     * @param segments     segments opened: one per camera in a run shorter than a segment, unless a
     *                     camera's timestamps jumped (a clip loop that went back in time would show here)
     */
    public record Disk(long bytes, long payloadBytes, long catalogBytes, long bytesPerCameraHour, long segments) {}

    /** Why the run fails, if it does: any lost frame. Empty when it passes. */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        if (frames.lost() != 0) {
            out.add(String.format(Locale.ROOT,
                    "FRAMES LOST: %d of %d frames the cameras made are not on disk (sent %d, not sendable %d, written %d, dropped by the recorder %d)",
                    frames.lost(), frames.sent() + frames.skipped(), frames.sent(), frames.skipped(), frames.written(), frames.dropped()));
        }
        return out;
    }

    public String json() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String table() {
        StringBuilder b = new StringBuilder();
        row(b, "cameras", "%d x %s %d fps, clip %.2f Mbit/s (%s), %s, key frames %s", setup.cameras(), setup.resolution(), setup.fps(),
                setup.clipBitsPerSecond() / 1e6, setup.clip(), setup.transport(), setup.alignedKeyFrames() ? "aligned" : "spread");
        row(b, "window", "%.1f s measured after %.1f s warm-up", cpu.windowSeconds(), setup.warmupSeconds());
        row(b, "jvm", "%s", setup.jvm());
        row(b, "cpu per camera", "%.2f %% of a core", cpu.perCameraPercent());
        row(b, "cpu total", "%.2f %% of a core (%.2f s, %.2f %% in the kernel); simulated cameras, not counted: %.2f %%",
                cpu.totalPercent(), cpu.cpuSeconds(), cpu.systemPercent(), cpu.camerasPercent());
        row(b, "machine cpu", "%.2f %% of a core per camera: the whole machine but the simulated cameras (the kernel's own threads too)",
                cpu.machinePerCameraPercent());
        row(b, "rss", "%.1f MiB at end, %.1f MiB max in window, %.1f MiB peak (VmHWM)",
                memory.rssMiB(), memory.rssMaxMiB(), memory.peakRssMiB());
        row(b, "heap", "%.1f MiB used max, %.1f MiB committed max", memory.heapUsedMaxMiB(), memory.heapCommittedMaxMiB());
        row(b, "gc", "%d collections, %d ms in all, longest pause %d ms", gc.collections(), gc.totalMillis(), gc.maxPauseMillis());
        row(b, "threads / fds", "%d / %d", memory.threadsMax(), memory.fdsMax());
        row(b, "frames", "sent %d, not sendable %d, written %d, dropped %d, lost %d",
                frames.sent(), frames.skipped(), frames.written(), frames.dropped(), frames.lost());
        row(b, "flush latency", "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d flushes)",
                flush.p50Micros() / 1e3, flush.p99Micros() / 1e3, flush.maxMicros() / 1e3, flush.count());
        row(b, "disk", "%.1f MB per camera-hour (%d bytes, %d of media, %d segments; catalog %d bytes)",
                disk.bytesPerCameraHour() / 1e6, disk.bytes(), disk.payloadBytes(), disk.segments(), disk.catalogBytes());
        row(b, "storage", "%s", setup.storage());
        List<String> failures = failures();
        row(b, "result", "%s", failures.isEmpty() ? "PASS: no frame lost" : "FAIL");
        return b.toString();
    }

    private static void row(StringBuilder b, String name, String format, Object... args) {
        b.append(String.format(Locale.ROOT, "%-15s %s%n", name, String.format(Locale.ROOT, format, args)));
    }
}
