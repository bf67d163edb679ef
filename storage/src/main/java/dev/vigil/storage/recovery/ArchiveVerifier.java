package dev.vigil.storage.recovery;

import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.catalog.SegmentRecord;
import dev.vigil.storage.catalog.SegmentState;
import dev.vigil.storage.rf1.TrackCheck;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the archive without changing it: every segment on disk against RF1 ({@link TrackCheck})
 * and against its catalog row (entries, bytes), and every row against the disk. What {@code vigil
 * verify} reports; {@link StartupRecovery} is what repairs.
 */
public final class ArchiveVerifier {
    /** What was found: problems make {@code vigil verify} fail, warnings do not. */
    public record Report(int segments, int rows, List<String> problems, List<String> warnings) {
        public Report {
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
        }
    }

    private ArchiveVerifier() {}

    public static Report verify(Path root, Catalog catalog) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<SegmentRecord> rows = catalog.allSegments();
        Map<String, SegmentRecord> byKey = new HashMap<>();
        for (SegmentRecord r : rows) byKey.put(r.camera() + "/" + r.base(), r);
        List<ArchiveSegment> segments = ArchiveSegment.scan(root);
        for (ArchiveSegment s : segments) {
            String name = s.camera() + "/" + s.base();
            SegmentRecord row = byKey.remove(name);
            int entries = 0;
            long bytes = 0;
            boolean readable = true;
            for (TrackFiles t : s.tracks()) {
                for (TrackCheck.Finding f : TrackCheck.check(t.index())) {
                    String line = s.dir().resolve(t.index().getFileName()) + ": " + f.message();
                    if (f.severity() == TrackCheck.Severity.PROBLEM) problems.add(line);
                    else warnings.add(line);
                }
                try (TrackReader r = TrackReader.open(t.index())) {
                    entries += r.entryCount();
                    bytes += r.packetsEnd();
                } catch (IOException e) {
                    readable = false;
                }
            }
            if (row == null) {
                problems.add(name + ": on disk but not in the catalog (vigil verify --repair registers it)");
            } else if (row.state() == SegmentState.OPEN) {
                warnings.add(name + ": open in the catalog (being recorded, or left by a crash: --repair closes it when the daemon is stopped)");
            } else if (readable && (row.entries() != entries || row.bytes() != bytes)) {
                problems.add(name + ": the catalog says " + row.entries() + " entries, " + row.bytes() + " bytes; the files hold "
                        + entries + " entries, " + bytes + " bytes");
            }
        }
        for (SegmentRecord row : byKey.values()) {
            String name = row.camera() + "/" + row.base();
            switch (row.state()) {
                case MISSING -> warnings.add(name + ": known to be missing from the disk");
                case DELETING -> warnings.add(name + ": a deletion was interrupted (--repair finishes it)");
                default -> problems.add(name + ": in the catalog (" + row.state().name().toLowerCase() + ") but its files are gone"
                        + " (--repair marks it missing)");
            }
        }
        return new Report(segments.size(), rows.size(), problems, warnings);
    }
}
