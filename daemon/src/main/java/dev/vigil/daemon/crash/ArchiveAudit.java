package dev.vigil.daemon.crash;

import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.catalog.SegmentRecord;
import dev.vigil.storage.catalog.SegmentState;
import dev.vigil.storage.rf1.TrackCheck;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a crash loop checks after each restart, once the new daemon has recovered and records
 * again: every segment that existed before the restart passes {@code rf1 check} and was closed
 * (cleanly or by recovery), the catalog and the disk agree on it, and per camera how much footage
 * the kill cost. Segments the new daemon is writing (they start after the restart) are left alone.
 */
final class ArchiveAudit {
    /**
     * @param lostBeforeKillMicros per camera: from the end of what was durable to the kill, the
     *     footage the kill itself lost (what was not flushed yet)
     * @param gapMicros per camera: from that end to the first frame after the restart, the whole
     *     hole in the recording (the loss, the restart, the reconnect)
     */
    record Result(int segmentsChecked, List<String> problems, Map<String, Long> lostBeforeKillMicros, Map<String, Long> gapMicros) {
        Result {
            problems = List.copyOf(problems);
            lostBeforeKillMicros = Map.copyOf(lostBeforeKillMicros);
            gapMicros = Map.copyOf(gapMicros);
        }

        long worstLostMicros() {
            return lostBeforeKillMicros.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }

        long worstGapMicros() {
            return gapMicros.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    private ArchiveAudit() {}

    static Result run(Path root, Catalog catalog, List<String> cameras, long killMicros, long restartMicros) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, SegmentRecord> rows = new HashMap<>();
        for (SegmentRecord r : catalog.allSegments()) rows.put(r.camera() + "/" + r.base(), r);

        int checked = 0;
        for (String camera : cameras) {
            for (Map.Entry<String, List<TrackFiles>> segment : segmentsOnDisk(root.resolve(camera)).entrySet()) {
                String base = segment.getKey();
                if (Long.parseLong(base) * 1000 >= restartMicros) continue; // the new daemon's
                checked++;
                problems.addAll(check(camera, base, segment.getValue(), rows.remove(camera + "/" + base)));
            }
        }
        for (SegmentRecord row : rows.values()) {
            if (row.startMicros() >= restartMicros || row.state() == SegmentState.MISSING || row.state() == SegmentState.DELETING) continue;
            problems.add(row.camera() + "/" + row.base() + ": in the catalog (" + row.state() + ") but not on disk");
        }

        Map<String, Long> lost = new TreeMap<>();
        Map<String, Long> gaps = new TreeMap<>();
        for (String camera : cameras) {
            long durableEnd = Long.MIN_VALUE, resumed = Long.MAX_VALUE;
            for (SegmentRecord r : catalog.segments(camera, 0, Long.MAX_VALUE)) {
                if (r.startMicros() < killMicros) durableEnd = Math.max(durableEnd, r.endMicros());
                else if (r.startMicros() >= restartMicros) resumed = Math.min(resumed, r.startMicros());
            }
            if (durableEnd == Long.MIN_VALUE) {
                problems.add(camera + ": nothing recorded before the kill");
                continue;
            }
            lost.put(camera, Math.max(0, killMicros - durableEnd));
            if (resumed != Long.MAX_VALUE) gaps.put(camera, resumed - durableEnd);
            else problems.add(camera + ": no segment after the restart");
        }
        return new Result(checked, problems, lost, gaps);
    }

    private static List<String> check(String camera, String base, List<TrackFiles> tracks, SegmentRecord row) {
        List<String> problems = new ArrayList<>();
        String name = camera + "/" + base;
        int entries = 0;
        long bytes = 0;
        for (TrackFiles t : tracks) {
            for (TrackCheck.Finding f : TrackCheck.check(t.index())) {
                if (f.severity() == TrackCheck.Severity.PROBLEM) problems.add(t.index() + ": " + f.message());
            }
            try (TrackReader r = TrackReader.open(t.index())) {
                if (!r.recovery().closedCleanly()) problems.add(t.index() + ": still open after recovery");
                entries += r.entryCount();
                bytes += r.packetsEnd();
            } catch (IOException | RuntimeException e) {
                problems.add(t.index() + ": unreadable: " + e.getMessage());
            }
        }
        if (row == null) {
            problems.add(name + ": on disk but not in the catalog");
        } else if (row.state() != SegmentState.CLOSED && row.state() != SegmentState.RECOVERED) {
            problems.add(name + ": " + row.state() + " in the catalog after recovery");
        } else if (row.entries() != entries || row.bytes() != bytes) {
            problems.add(name + ": the catalog says " + row.entries() + " entries, " + row.bytes() + " bytes; the files hold " + entries + ", " + bytes);
        }
        return problems;
    }

    private static boolean isTrackFile(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(TrackFiles.INDEX_SUFFIX) || n.endsWith(TrackFiles.PACKETS_SUFFIX);
    }

    /** A camera directory's segments by base name, each with its tracks' files. */
    private static Map<String, List<TrackFiles>> segmentsOnDisk(Path dir) throws IOException {
        Map<String, List<TrackFiles>> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) return out;
        // Both suffixes: a packets file whose index is gone is a broken segment too.
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(ArchiveAudit::isTrackFile).sorted().toList()) {
                String name = f.getFileName().toString();
                String base = name.substring(0, name.indexOf('_'));
                TrackFiles t = TrackFiles.fromEither(f);
                List<TrackFiles> tracks = out.computeIfAbsent(base, b -> new ArrayList<>());
                if (!tracks.contains(t)) tracks.add(t);
            }
        }
        return out;
    }
}
