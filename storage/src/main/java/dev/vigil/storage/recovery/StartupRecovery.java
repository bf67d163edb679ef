package dev.vigil.storage.recovery;

import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.catalog.SegmentRecord;
import dev.vigil.storage.catalog.SegmentState;
import dev.vigil.storage.rf1.IndexEntry;
import dev.vigil.storage.rf1.NalClassifier;
import dev.vigil.storage.rf1.Recovery;
import dev.vigil.storage.rf1.Rf1Flags;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackReader;
import dev.vigil.storage.rf1.TrackWriter;
import dev.vigil.storage.segment.SegmentInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * Brings the archive and the catalog back in step before recording starts: every segment a crash
 * left open is repaired (torn tail dropped) and closed in place, and its row upserted as
 * {@code recovered} with its true end, entries and bytes; segments the catalog does not know are
 * registered; rows whose files are gone are marked {@code missing}; a retention deletion that a
 * crash interrupted is finished. A segment that cannot be read is reported and left untouched:
 * recovery never deletes footage it does not understand.
 *
 * <p>Segments are repaired on several threads (the work is mostly small reads and a few syncs);
 * the catalog is then updated from one.
 */
public final class StartupRecovery {
    private final Path root;
    private final Catalog catalog;
    private final int threads;
    private final LongSupplier nanoTime;

    public StartupRecovery(Path root, Catalog catalog, int threads, LongSupplier nanoTime) {
        this.root = root;
        this.catalog = catalog;
        this.threads = threads;
        this.nanoTime = nanoTime;
    }

    /** What recovery made of one segment on disk. */
    private record Outcome(ArchiveSegment segment, SegmentInfo info, boolean wasOpen, int dropped, String problem) {}

    public RecoveryReport run() throws IOException, InterruptedException {
        return run(() -> { });
    }

    /**
     * Recovers, calling {@code afterSnapshot} as soon as the files on disk and the catalog's rows
     * are listed. From then on recovery touches only what it listed, so the caller may start
     * writing new segments while the repairs go on: a crash's leftovers no longer delay recording.
     */
    public RecoveryReport run(Runnable afterSnapshot) throws IOException, InterruptedException {
        long started = nanoTime.getAsLong();
        List<ArchiveSegment> found = ArchiveSegment.scan(root);
        Map<String, SegmentRecord> rows = new HashMap<>();
        for (SegmentRecord r : catalog.allSegments()) rows.put(r.camera() + "/" + r.base(), r);
        afterSnapshot.run();

        // A row that says closed was written after the segment's clean close (header, trim, sync):
        // trust it, or a start would read every index of a year-long archive. `vigil verify`
        // checks them all.
        List<ArchiveSegment> suspect = new ArrayList<>();
        for (ArchiveSegment s : found) {
            SegmentRecord row = rows.get(s.camera() + "/" + s.base());
            boolean trusted = row != null && (row.state() == SegmentState.CLOSED || row.state() == SegmentState.RECOVERED)
                    && s.tracks().size() == row.tracks().size();
            if (trusted) rows.remove(s.camera() + "/" + s.base());
            else suspect.add(s);
        }
        List<Outcome> outcomes = repairAll(suspect);

        int closed = 0, dropped = 0, registered = 0, empty = 0, missing = 0;
        List<String> problems = new ArrayList<>();
        for (Outcome o : outcomes) {
            ArchiveSegment s = o.segment();
            SegmentRecord row = rows.remove(s.camera() + "/" + s.base());
            if (o.problem() != null) {
                problems.add(s.dir().resolve(s.base()) + ": " + o.problem());
                continue;
            }
            if (o.wasOpen()) closed++;
            dropped += o.dropped();
            if (row != null && row.state() == SegmentState.DELETING) {
                // Retention had begun to delete it: finish, as retention would have.
                deleteFiles(s);
                catalog.delete(row.id());
            } else if (o.info().entries() == 0) {
                deleteFiles(s);
                if (row != null) catalog.delete(row.id());
                empty++;
            } else if (o.wasOpen()) {
                catalog.upsert(s.camera(), o.info(), SegmentState.RECOVERED);
                if (row == null) registered++;
            } else if (row == null || row.state() == SegmentState.OPEN || row.state() == SegmentState.MISSING) {
                catalog.upsert(s.camera(), o.info(), SegmentState.CLOSED);
                if (row == null) registered++;
            }
        }
        for (SegmentRecord row : rows.values()) {
            if (row.state() == SegmentState.DELETING) {
                catalog.delete(row.id());
            } else if (row.state() != SegmentState.MISSING) {
                catalog.setState(row.id(), SegmentState.MISSING);
                missing++;
            }
        }
        Duration took = Duration.ofNanos(nanoTime.getAsLong() - started);
        return new RecoveryReport(found.size(), closed, dropped, registered, empty, missing, problems, took);
    }

    private List<Outcome> repairAll(List<ArchiveSegment> found) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "vigil-recovery");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Callable<Outcome>> tasks = new ArrayList<>();
            for (ArchiveSegment s : found) tasks.add(() -> repair(s));
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> f : pool.invokeAll(tasks)) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("recovery task failed unexpectedly", e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome repair(ArchiveSegment s) {
        boolean wasOpen = false;
        int dropped = 0;
        List<String> names = new ArrayList<>();
        long start = Long.MAX_VALUE, end = Long.MIN_VALUE, bytes = 0;
        int entries = 0;
        boolean startsWithKey = true;
        try {
            for (TrackFiles t : s.tracks()) {
                if (!Files.exists(t.index())) return new Outcome(s, null, false, 0, "packets file " + t.packets().getFileName() + " has no index");
                Recovery r = TrackWriter.recover(t.index());
                wasOpen |= !r.closedCleanly();
                dropped += r.dropped();
                try (TrackReader reader = TrackReader.open(t.index())) {
                    String name = s.trackName(t);
                    if (reader.codec().isVideo()) {
                        names.add(0, name);
                        startsWithKey = firstPictureIsKey(reader);
                    } else {
                        names.add(name);
                    }
                    start = Math.min(start, reader.timeBaseMicros());
                    end = Math.max(end, reader.estimatedEndMicros());
                    entries += reader.entryCount();
                    bytes += reader.packetsEnd();
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Outcome(s, null, wasOpen, dropped, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        SegmentInfo info = new SegmentInfo(s.dir(), s.base(), start, end, names, entries, bytes, startsWithKey, true);
        return new Outcome(s, info, wasOpen, dropped, null);
    }

    private static boolean firstPictureIsKey(TrackReader r) throws IOException {
        for (int i = 0; i < r.entryCount(); i++) {
            if (Rf1Flags.isEssential(r.flags(i))) continue;
            if (Rf1Flags.isKeyFrame(r.flags(i))) return true;
            java.nio.ByteBuffer nal = r.readPayload(i, i + 1);
            if (NalClassifier.isPicture(r.codec(), nal.get(nal.get(2) == 1 ? 3 : 4))) return false;
        }
        return true;
    }

    private static void deleteFiles(ArchiveSegment s) throws IOException {
        for (TrackFiles t : s.tracks()) {
            Files.deleteIfExists(t.index());
            Files.deleteIfExists(t.packets());
        }
    }
}
