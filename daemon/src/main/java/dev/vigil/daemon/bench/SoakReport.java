package dev.vigil.daemon.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Locale;

/** What a soak run recorded: its set-up, the time series, the frames, and the verdict on them. */
public record SoakReport(Setup setup, List<SoakSample> samples, BenchReport.Frames frames, SoakVerdict verdict) {

    public record Setup(int cameras, double seconds, double segmentSeconds, double retainSeconds, double sampleSeconds,
            String clip, int fps, String storage, String jvm) {}

    public String json() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The header of {@link #line}: also what a long run prints as it goes. */
    public static String header() {
        return String.format(Locale.ROOT, "%8s %9s %9s %10s %7s %5s %6s %6s %10s %9s %11s%n",
                "seconds", "rss MiB", "heap MiB", "direct MiB", "threads", "fds", "rows", "files", "catalog B", "wal B", "frames");
    }

    public static String line(SoakSample s) {
        return String.format(Locale.ROOT, "%8.0f %9.1f %9.1f %10.1f %7d %5d %6d %6d %10d %9d %11d%n", s.seconds(),
                s.rssBytes() / 1048576.0, s.heapUsed() / 1048576.0, s.directBytes() / 1048576.0, s.threads(), s.fds(), s.catalogRows(), s.segmentFiles(),
                s.catalogBytes(), s.walBytes(), s.framesWritten());
    }

    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "soak: %d cameras x %s %d fps, %.0f s, segments %.0f s, maxAge %.0f s, a sample every %.0f s%n",
                setup.cameras(), setup.clip(), setup.fps(), setup.seconds(), setup.segmentSeconds(), setup.retainSeconds(),
                setup.sampleSeconds()));
        b.append("jvm: ").append(setup.jvm()).append(System.lineSeparator());
        b.append("storage: ").append(setup.storage()).append(System.lineSeparator());
        b.append(header());
        for (SoakSample s : samples) b.append(line(s));
        b.append(String.format(Locale.ROOT, "frames: sent %d, not sendable %d, written %d, dropped %d, lost %d%n",
                frames.sent(), frames.skipped(), frames.written(), frames.dropped(), frames.lost()));
        for (String c : verdict.checks()) b.append(c).append(System.lineSeparator());
        b.append(verdict.flat() ? "result: FLAT" : "result: NOT FLAT").append(System.lineSeparator());
        return b.toString();
    }
}
