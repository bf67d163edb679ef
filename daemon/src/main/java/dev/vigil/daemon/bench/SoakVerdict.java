package dev.vigil.daemon.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a soak run stayed flat: after the warm-up, nothing the recorder holds grows with time.
 *
 * <p>The baseline is the first sample once retention has had something to delete (the first
 * segment is older than {@code maxAge}, plus a segment for the pass to come round): before that
 * the archive, and the catalog's pages, are still filling, which is growth by design. The process
 * figures are then compared between the baseline and the worst sample of the run's second half,
 * where a leak would show; the catalog and the files on disk are checked at every sample from the
 * baseline on, since they must stay near what retention keeps at every moment, not only at the end.
 *
 * @param baseline the sample the growth is measured from; null if the run never got past the warm-up
 * @param checks   one line per check, each starting with "ok" or "FAIL"
 * @param failures the failed checks alone: empty when the run is flat
 */
public record SoakVerdict(SoakSample baseline, List<String> checks, List<String> failures) {
    /** RSS may grow by this fraction of the baseline, or {@link #RSS_SLACK_BYTES}, whichever is larger. */
    static final double RSS_SLACK_FRACTION = 0.10;
    /** The heap and the malloc arenas settle in steps; 16 MiB covers one without hiding a leak over an hour. */
    static final long RSS_SLACK_BYTES = 16L << 20;
    /**
     * Direct buffers may grow by this, or by a tenth: the writers' buffers come from pools that hold
     * one per writer ever open at once, so they level off; a climb means buffers left to a full
     * collection that rarely comes (it went 8 MiB a minute once at 64 cameras, inside RSS's slack).
     */
    static final long DIRECT_SLACK_BYTES = 8L << 20;
    /** Threads that come and go (a pool's idle worker timing out and being started again). */
    static final int THREAD_SLACK = 4;
    /** Descriptors beyond a roll in progress on every camera (SQLite's journal, a socket being replaced). */
    static final int FD_SLACK = 4;

    /**
     * What the run was set up to keep.
     *
     * @param tracks tracks per segment (the simulated cameras send video alone: 1)
     */
    public record Expect(int cameras, int tracks, double segmentSeconds, double retainSeconds) {
        /** Rows retention keeps: each camera's closed segments younger than maxAge, give or take the open one and a pass's lag. */
        long rows() {
            return Math.round(cameras * retainSeconds / segmentSeconds);
        }

        double warmupSeconds() {
            return retainSeconds + 2 * segmentSeconds;
        }
    }

    public boolean flat() {
        return failures.isEmpty();
    }

    public static SoakVerdict judge(List<SoakSample> samples, Expect e, long framesLost) {
        List<String> checks = new ArrayList<>();
        int b = -1;
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).seconds() >= e.warmupSeconds()) {
                b = i;
                break;
            }
        }
        double end = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).seconds();
        List<SoakSample> late = new ArrayList<>();
        if (b >= 0) {
            for (SoakSample s : samples.subList(b + 1, samples.size())) {
                if (s.seconds() >= end / 2) late.add(s);
            }
        }
        if (b < 0 || late.isEmpty()) {
            checks.add(String.format(Locale.ROOT,
                    "FAIL: too short to judge: %d samples over %.0f s; needs one after the warm-up of %.0f s (maxAge + 2 segments) and more in the second half",
                    samples.size(), end, e.warmupSeconds()));
        } else {
            SoakSample base = samples.get(b);
            long rssMax = late.stream().mapToLong(SoakSample::rssBytes).max().orElseThrow();
            long rssAllowed = Math.max(Math.round(base.rssBytes() * RSS_SLACK_FRACTION), RSS_SLACK_BYTES);
            check(checks, rssMax - base.rssBytes() <= rssAllowed, "rss %.1f MiB at %.0f s, %.1f MiB max in the second half: +%.1f MiB, allowed +%.1f MiB",
                    mib(base.rssBytes()), base.seconds(), mib(rssMax), mib(rssMax - base.rssBytes()), mib(rssAllowed));
            long directMax = late.stream().mapToLong(SoakSample::directBytes).max().orElseThrow();
            long directAllowed = Math.max(base.directBytes() / 10, DIRECT_SLACK_BYTES);
            check(checks, directMax - base.directBytes() <= directAllowed,
                    "direct buffers %.1f MiB at %.0f s, %.1f MiB max in the second half: +%.1f MiB, allowed +%.1f MiB",
                    mib(base.directBytes()), base.seconds(), mib(directMax), mib(directMax - base.directBytes()), mib(directAllowed));
            int threadsMax = late.stream().mapToInt(SoakSample::threads).max().orElseThrow();
            check(checks, threadsMax - base.threads() <= THREAD_SLACK, "threads %d at %.0f s, %d max in the second half, allowed +%d",
                    base.threads(), base.seconds(), threadsMax, THREAD_SLACK);
            int fdsMax = late.stream().mapToInt(SoakSample::fds).max().orElseThrow();
            int fdsAllowed = 2 * e.cameras() * e.tracks() + FD_SLACK;
            check(checks, fdsMax - base.fds() <= fdsAllowed, "fds %d at %.0f s, %d max in the second half, allowed +%d",
                    base.fds(), base.seconds(), fdsMax, fdsAllowed);
            List<SoakSample> judged = samples.subList(b, samples.size());
            long rowsMin = judged.stream().mapToLong(SoakSample::catalogRows).min().orElseThrow();
            long rowsMax = judged.stream().mapToLong(SoakSample::catalogRows).max().orElseThrow();
            long rowsSlack = 2L * e.cameras();
            check(checks, rowsMin >= e.rows() - rowsSlack && rowsMax <= e.rows() + rowsSlack,
                    "catalog rows %d..%d from %.0f s on, expected %d +- %d (cameras x maxAge / segment)",
                    rowsMin, rowsMax, base.seconds(), e.rows(), rowsSlack);
            long filesSlack = 2L * e.cameras() * e.tracks();
            long worst = 0;
            SoakSample worstAt = base;
            for (SoakSample s : judged) {
                long off = Math.abs(s.segmentFiles() - s.catalogRows() * e.tracks() * 2);
                if (off > worst) {
                    worst = off;
                    worstAt = s;
                }
            }
            // Reported, not judged: SQLite's WAL grows to its auto-checkpoint size (about 4 MB) before it is reused,
            // which in a short run looks like growth; over an hour a catalog that keeps growing shows here.
            long dbMax = late.stream().mapToLong(s -> s.catalogBytes() + s.walBytes()).max().orElseThrow();
            checks.add(String.format(Locale.ROOT, "info: catalog + WAL %d bytes at %.0f s, %d max in the second half",
                    base.catalogBytes() + base.walBytes(), base.seconds(), dbMax));
            check(checks, worst <= filesSlack, "files on disk = rows x %d tracks x 2, off by %d at most (%d files, %d rows at %.0f s), allowed %d",
                    e.tracks(), worst, worstAt.segmentFiles(), worstAt.catalogRows(), worstAt.seconds(), filesSlack);
        }
        check(checks, framesLost == 0, "frames lost: %d", framesLost);
        return new SoakVerdict(b < 0 ? null : samples.get(b), List.copyOf(checks),
                checks.stream().filter(c -> c.startsWith("FAIL")).toList());
    }

    private static void check(List<String> checks, boolean ok, String format, Object... args) {
        checks.add((ok ? "ok: " : "FAIL: ") + String.format(Locale.ROOT, format, args));
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
