package dev.vigil.storage.rf1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates one RF1 track against the spec, for {@code vigil rf1 check}: the header, how the segment
 * was closed (index size, sentinel, trimmed packets), what the repair rule of {@link TrackLoader}
 * would drop, how the segment starts (parameter sets, a key frame) and the format's limits.
 *
 * <p>Entry-level rules (monotonic pts, entry 0 at location 0, increasing locations, start codes,
 * flags that match the NAL type) are exactly the loader's valid-prefix rule; rather than repeat
 * them, the check opens the track with every payload probed and reports what the loader dropped
 * and why. Files are only read, never repaired.
 */
public final class TrackCheck {
    /** Largest index file: header, 65535 entries and a sentinel slot (the preallocated size). */
    static final long INDEX_FILE_MAX = TrackHeader.BYTES + (IndexEntry.MAX_ENTRIES + 1L) * IndexEntry.BYTES;

    public enum Severity {
        /** The track breaks the format, or part of it cannot be read. */
        PROBLEM,
        /** Readable and legal, but worth knowing (an unclosed segment, a segment that starts mid-GOP). */
        WARNING
    }

    public record Finding(Severity severity, String message) {
        static Finding problem(String message) {
            return new Finding(Severity.PROBLEM, message);
        }

        static Finding warning(String message) {
            return new Finding(Severity.WARNING, message);
        }
    }

    private TrackCheck() {}

    /**
     * Checks the track of {@code file} (either of its two files). Never throws for a bad or missing
     * track: I/O and format errors come back as {@link Severity#PROBLEM} findings. An empty list means
     * the track is fine.
     */
    public static List<Finding> check(Path file) {
        List<Finding> out = new ArrayList<>();
        try {
            run(file, out);
        } catch (Rf1FormatException e) {
            out.add(Finding.problem(e.problem()));
        } catch (NoSuchFileException e) {
            out.add(Finding.problem("cannot read " + e.getFile() + ": no such file"));
        } catch (AccessDeniedException e) {
            out.add(Finding.problem("cannot read " + e.getFile() + ": permission denied"));
        } catch (IOException | UncheckedIOException e) {
            out.add(Finding.problem("cannot read: " + e.getMessage()));
        }
        return out;
    }

    private static void run(Path file, List<Finding> out) throws IOException {
        TrackFiles files;
        try {
            files = TrackFiles.fromEither(file);
        } catch (IllegalArgumentException e) {
            out.add(Finding.problem("not an RF1 track file (expected a name ending in .rf1i or .rf1p)"));
            return;
        }
        if (!Files.exists(files.index()) && !Files.exists(files.packets())) {
            out.add(Finding.problem("no such track: neither " + files.index().getFileName() + " nor " + files.packets().getFileName() + " exists"));
            return;
        }
        if (!Files.exists(files.index())) {
            out.add(Finding.problem("index file " + files.index().getFileName() + " is missing: the packets cannot be read without it"));
            return;
        }
        if (!Files.exists(files.packets())) {
            out.add(Finding.problem("packets file " + files.packets().getFileName() + " is missing"));
            return;
        }
        long indexSize = Files.size(files.index());
        long packetsSize = Files.size(files.packets());
        if (indexSize < TrackHeader.BYTES) {
            out.add(Finding.problem("index file is " + indexSize + " bytes, shorter than its " + TrackHeader.BYTES + "-byte header"));
            return;
        }
        ByteBuffer head;
        long sentinel = 0;
        try (FileChannel index = FileChannel.open(files.index(), StandardOpenOption.READ)) {
            head = read(index, 0, TrackHeader.BYTES, files.index());
            TrackHeader declared = TrackHeader.decode(head.duplicate(), files.index());
            // The stored sentinel, which a cleanly closed index is read by without checking it.
            long sentinelAt = TrackHeader.BYTES + (long) declared.indexCount() * IndexEntry.BYTES;
            if (sentinelAt + IndexEntry.BYTES <= indexSize) sentinel = read(index, sentinelAt, IndexEntry.BYTES, files.index()).getLong(0);
        }
        try (TrackReader reader = TrackReader.open(files.index(), true)) {
            TrackHeader header = reader.header();
            checkHeader(header, head, out);
            checkLimits(reader, indexSize, out);
            if (header.indexCount() > 0) {
                checkClosed(header.indexCount(), sentinel, indexSize, packetsSize, out);
            }
            checkRepair(reader, indexSize, packetsSize, out);
            if (header.codec().isVideo() && reader.entryCount() > 0) checkStart(reader, out);
        }
    }

    private static void checkHeader(TrackHeader h, ByteBuffer raw, List<Finding> out) {
        if (h.flags() != 0) out.add(Finding.problem("header flags are " + hex(h.flags()) + "; the field is reserved and must be 0"));
        if (h.codecFlags() != 0)
            out.add(Finding.problem("header codecFlags are " + hex(h.codecFlags()) + "; the field is reserved and must be 0"));
        if (h.codec().isVideo()) {
            if (h.width() == 0 || h.height() == 0)
                out.add(Finding.problem("picture size " + h.width() + "x" + h.height() + " in the header: width and height must be non-zero"));
            int reserved = Short.toUnsignedInt(raw.order(ByteOrder.LITTLE_ENDIAN).getShort(30));
            if (reserved != 0) out.add(Finding.problem("reserved header bytes 30..31 are " + hex(reserved) + ", must be 0"));
        } else if (raw.get(31) != 0) {
            out.add(Finding.problem("reserved header byte 31 is " + hex(Byte.toUnsignedInt(raw.get(31))) + ", must be 0"));
        }
    }

    /**
     * The spec's limits. pts (22 bits) and locations (30 bits) cannot exceed theirs once encoded, and a
     * header count of 65535 is refused when decoding; what remains is an index longer than any writer
     * makes, and a scanned index with more entries than fit beside a sentinel.
     */
    private static void checkLimits(TrackReader r, long indexSize, List<Finding> out) {
        if (indexSize > INDEX_FILE_MAX)
            out.add(Finding.problem("index file is " + indexSize + " bytes, larger than the largest RF1 index (" + INDEX_FILE_MAX + ")"));
        int found = r.recovery().candidates();
        if (found + 1L > IndexEntry.MAX_ENTRIES)
            out.add(Finding.problem(found + " entries plus the sentinel exceed the limit of " + IndexEntry.MAX_ENTRIES + " per track"));
    }

    /** A clean close writes the count, trims the index after the sentinel and the packets at its location. */
    private static void checkClosed(int count, long sentinel, long indexSize, long packetsSize, List<Finding> out) {
        long expectedSize = TrackHeader.BYTES + (count + 1L) * IndexEntry.BYTES;
        if (indexSize != expectedSize)
            out.add(Finding.problem("index file is " + indexSize + " bytes, but indexCount " + count + " calls for exactly " + expectedSize
                    + " (header, entries, sentinel)"));
        if (indexSize < expectedSize) return;  // no sentinel to check; the loader's scan says what is left
        int pts = IndexEntry.ptsOf(sentinel);
        int flags = IndexEntry.flagsOf(sentinel);
        if (pts != 0 || flags != 0)
            out.add(Finding.problem("sentinel (entry " + count + ") has pts " + pts + " and flags " + flags + "; both must be 0"));
        long end = IndexEntry.locationOf(sentinel);
        if (packetsSize > end)
            out.add(Finding.problem("packets file not trimmed: " + packetsSize + " bytes, but the data ends at " + end + " (the sentinel)"));
        else if (packetsSize < end)
            out.add(Finding.problem("packets file is " + packetsSize + " bytes, shorter than the " + end + " the index covers: data is missing"));
    }

    /** Whatever the repair rule drops is lost to every reader; an unclosed segment that loses nothing is only worth a warning. */
    private static void checkRepair(TrackReader r, long indexSize, long packetsSize, List<Finding> out) {
        Recovery rec = r.recovery();
        boolean open = r.header().indexCount() == 0;
        if (rec.reason() != null || rec.repaired()) {
            out.add(Finding.problem((open ? "open segment (not closed cleanly): " : "") + rec.dropped() + " of " + rec.candidates()
                    + " entries lost (readers keep only the valid prefix): " + rec.reason()));
        } else if (open && r.entryCount() == 0 && indexSize == TrackHeader.BYTES + IndexEntry.BYTES && packetsSize == 0) {
            // Trimmed files: a writer closed this track without ever appending (an empty track keeps count 0).
            out.add(Finding.warning("empty track: closed with no entries"));
        } else if (open) {
            out.add(Finding.warning("open segment (not closed cleanly): " + r.entryCount() + " entries recoverable"));
        }
    }

    /** A segment should decode on its own: parameter sets first, then a key frame. */
    private static void checkStart(TrackReader r, List<Finding> out) throws IOException {
        if (!Rf1Flags.isEssential(r.flags(0)))
            out.add(Finding.warning("does not start with essential metadata (SPS/VPS): entry 0 has flags " + r.flags(0)
                    + ", so a decoder needs parameter sets from elsewhere"));
        Codec codec = r.codec();
        for (int i = 0; i < r.entryCount(); i++) {
            if (!NalClassifier.isPicture(codec, nalHeader(r, i))) continue;
            if (!Rf1Flags.isKeyFrame(r.flags(i)))
                out.add(Finding.warning("continues a GOP (first picture is not a key frame): entry " + i + " at pts " + r.pts(i)
                        + " needs earlier pictures"));
            return;
        }
    }

    /** The first byte of entry {@code i}'s NAL header; the loader has checked that a start code precedes it. */
    private static byte nalHeader(TrackReader r, int i) throws IOException {
        ByteBuffer b = read(r.packetsChannel(), r.location(i), Math.min(r.length(i), 5), r.files().packets());
        return b.get(b.get(2) == 1 ? 3 : 4);
    }

    private static ByteBuffer read(FileChannel ch, long position, int n, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        TrackLoader.readFully(ch, b, position, file);
        return b.flip();
    }

    private static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }
}
