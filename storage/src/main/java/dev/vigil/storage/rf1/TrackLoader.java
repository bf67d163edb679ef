package dev.vigil.storage.rf1;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a track's index and decides which entries are valid: the header count when the segment was
 * closed cleanly, else a scan to the first all-zero entry, then the repair rule of
 * {@code vectors/README.md}.
 *
 * <p>The repair rule keeps the longest prefix of entries that each have increasing pts, only known
 * flags, a payload wholly inside the packets file and before the sentinel that starts with a start
 * code and (for video) whose NAL type agrees with its flags; it then drops the kept entries at the
 * end that share the pts of the first dropped one (a partially written access unit). The sentinel
 * becomes the location of the earliest entry dropped.
 *
 * <p>Two more rules keep garbage in never-written index bytes from costing valid entries: a scan
 * ends at the first sentinel-shaped entry (pts 0, flags 0, which no entry has) even when non-zero
 * bytes follow it, and an entry whose next entry is not one (decreasing pts, flags no writer gives
 * the codec) has no trustworthy length and is dropped, as the next location is where it comes from.
 *
 * <p>Payloads are probed only for segments that were not closed cleanly: a cleanly closed index is
 * checked against its own structure and the packets file's size, which costs no packet reads.
 */
final class TrackLoader {
    private static final int SCAN_CHUNK = 64 * 1024;
    private static final int PROBE_BLOCK = 8 * 1024;
    /** NAL units shorter than this are probed a block at a time (see {@code Probe.check}). */
    private static final int SMALL_NAL = 1024;

    /** The valid entries and the end of valid packet data. */
    record Loaded(TrackHeader header, long[] entries, int count, long end, Recovery recovery) {}

    private TrackLoader() {}

    static Loaded load(TrackFiles files, FileChannel index, FileChannel packets, boolean probeAll) throws IOException {
        Path file = files.index();
        ByteBuffer head = ByteBuffer.allocate(TrackHeader.BYTES);
        readSome(index, head, 0);  // a short index is the header decoder's error, which names the file
        TrackHeader header = TrackHeader.decode(head.flip(), file);
        long indexSize = index.size();
        long packetsSize = packets.size();

        int declared = header.indexCount();
        boolean clean = declared > 0 && indexSize >= TrackHeader.BYTES + (long) (declared + 1) * IndexEntry.BYTES;
        long[] raw = clean ? readEntries(index, declared + 1, file) : scan(index, indexSize);
        // Never-written bytes after the sentinel that read back non-zero make the scan run on past
        // it; the sentinel (pts 0, flags 0: no entry looks like that) still ends the entries.
        int inBand = clean ? -1 : firstSentinel(raw);
        int garbage = inBand < 0 ? 0 : raw.length - 1 - inBand;
        if (inBand >= 0) raw = Arrays.copyOf(raw, inBand + 1);
        int candidates = raw.length == 0 ? 0 : raw.length - 1;  // the last one read is the sentinel
        if (raw.length == 0) {
            return new Loaded(header, raw, 0, 0, new Recovery(false, 0, 0, null));
        }

        long sentinel = raw[candidates];
        long sentinelLocation = IndexEntry.locationOf(sentinel);
        int count = candidates;
        long end = sentinelLocation;
        String reason = null;
        int firstDroppedPts = -1;
        // An entry that had to serve as the sentinel is lost too: it counts as found and dropped.
        int unterminated = 0;
        if (!clean && (IndexEntry.ptsOf(sentinel) != 0 || IndexEntry.flagsOf(sentinel) != 0)) {
            // The last non-zero entry is a real entry whose batch never got its sentinel: drop it too.
            reason = "entry " + candidates + " ends the index without a sentinel";
            firstDroppedPts = IndexEntry.ptsOf(sentinel);
            unterminated = 1;
        }
        long validEnd = Math.min(packetsSize, sentinelLocation);
        Probe probe = clean && !probeAll ? null : new Probe(packets, header.codec());
        int previousPts = 0;
        for (int i = 0; i < candidates; i++) {
            long e = raw[i];
            long next = IndexEntry.locationOf(raw[i + 1]);
            String problem = problem(e, i, previousPts, raw[i + 1], validEnd, probe, header.codec());
            if (problem != null) {
                count = i;
                end = IndexEntry.locationOf(e);
                reason = "entry " + i + " " + problem;
                firstDroppedPts = IndexEntry.ptsOf(e);
                break;
            }
            previousPts = IndexEntry.ptsOf(e);
        }
        if (firstDroppedPts >= 0) {
            if (count == candidates) end = sentinelLocation;
            while (count > 0 && IndexEntry.ptsOf(raw[count - 1]) == firstDroppedPts) {
                count--;
                end = IndexEntry.locationOf(raw[count]);
            }
        }
        if (count == 0) end = 0;
        if (garbage > 0 && reason == null) reason = "entry " + candidates + " is the sentinel, the " + garbage + " non-zero entries after it are garbage";
        // Lost besides the dropped candidates: an entry that had to serve as the sentinel, or the
        // garbage slots after a real one (the two cannot both happen).
        int extra = unterminated + garbage;
        Recovery recovery = new Recovery(clean && count == candidates, candidates + extra, candidates + extra - count, reason);
        return new Loaded(header, raw, count, end, recovery);
    }

    private static String problem(long e, int i, int previousPts, long following, long validEnd, Probe probe, Codec codec)
            throws IOException {
        long location = IndexEntry.locationOf(e);
        long next = IndexEntry.locationOf(following);
        int pts = IndexEntry.ptsOf(e);
        int flags = IndexEntry.flagsOf(e);
        if (i == 0 && location != 0) return "starts at " + location + ", not 0";
        if (pts < previousPts) return "has pts " + pts + " before " + previousPts;
        if ((flags & ~Rf1Flags.KNOWN) != 0) return "has unknown flags " + flags;
        // The length comes from the next entry's location: garbage there (a torn index write) is no length.
        if (!isSentinelShaped(following) && (IndexEntry.ptsOf(following) < pts || !plausibleFlags(codec, IndexEntry.flagsOf(following))))
            return "is followed by garbage (pts " + IndexEntry.ptsOf(following) + ", flags " + IndexEntry.flagsOf(following) + "), so has no length";
        if (next <= location) return "has no length (next location " + next + " <= " + location + ")";
        if (next > validEnd) return "payload ends at " + next + " past the valid packet data (" + validEnd + ")";
        if (probe != null) return probe.check(location, next - location, flags);
        return null;
    }

    private static boolean isSentinelShaped(long e) {
        return IndexEntry.ptsOf(e) == 0 && IndexEntry.flagsOf(e) == 0;
    }

    /** Flags a writer can give an entry of {@code codec}: what the payload probe would accept. */
    private static boolean plausibleFlags(Codec codec, int flags) {
        if (!codec.isVideo()) return flags == Rf1Flags.KEY_FRAME;
        return flags == Rf1Flags.ANNEX_B || flags == (Rf1Flags.ANNEX_B | Rf1Flags.KEY_FRAME) || flags == (Rf1Flags.ANNEX_B | Rf1Flags.ESSENTIAL);
    }

    /** The first entry after entry 0 that is a sentinel (pts 0, flags 0) and not the last one read, or -1. */
    private static int firstSentinel(long[] raw) {
        for (int i = 1; i < raw.length - 1; i++) {
            if (isSentinelShaped(raw[i])) return i;
        }
        return -1;
    }

    /** Entries from offset 32 to the first all-zero one (entry 0 may be zero when entry 1 is not). */
    private static long[] scan(FileChannel index, long indexSize) throws IOException {
        int max = (int) Math.min(IndexEntry.MAX_ENTRIES + 1L, (indexSize - TrackHeader.BYTES) / IndexEntry.BYTES);
        long[] out = new long[Math.min(max, 1024)];
        int n = 0;
        ByteBuffer chunk = ByteBuffer.allocate(SCAN_CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        long pos = TrackHeader.BYTES;
        while (n < max) {
            chunk.clear().limit((int) Math.min(SCAN_CHUNK, (long) (max - n) * IndexEntry.BYTES));
            int read = readSome(index, chunk, pos);
            if (read < IndexEntry.BYTES) break;
            chunk.flip();
            while (chunk.remaining() >= IndexEntry.BYTES) {
                long e = chunk.getLong();
                if (e == 0 && n > 0) return Arrays.copyOf(out, n);
                if (n == out.length) out = Arrays.copyOf(out, Math.min(max, out.length * 2));
                out[n++] = e;
            }
            pos += read - (read % IndexEntry.BYTES);
        }
        // An all-zero entry 0 with nothing after it is the sentinel of an empty track.
        return Arrays.copyOf(out, n);
    }

    private static long[] readEntries(FileChannel index, int n, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n * IndexEntry.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readFully(index, b, TrackHeader.BYTES, file);
        b.flip();
        long[] out = new long[n];
        b.asLongBuffer().get(out);
        return out;
    }

    static void readFully(FileChannel ch, ByteBuffer dst, long position, Path file) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int r = ch.read(dst, pos);
            if (r < 0) throw new IOException(file + ": unexpected end of file at " + pos + " of " + ch.size() + " bytes");
            pos += r;
        }
    }

    private static int readSome(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int r = ch.read(dst, position + total);
            if (r < 0) break;
            total += r;
        }
        return total;
    }

    /** Checks payload starts with block reads, so consecutive small NAL units cost one read. */
    private static final class Probe {
        private final FileChannel packets;
        private final Codec codec;
        private final ByteBuffer block = ByteBuffer.allocateDirect(PROBE_BLOCK);
        private long blockStart = -1;

        Probe(FileChannel packets, Codec codec) {
            this.packets = packets;
            this.codec = codec;
        }

        String check(long location, long length, int flags) throws IOException {
            int need = (int) Math.min(length, 5);
            if (blockStart < 0 || location < blockStart || location + need > blockStart + block.limit()) {
                // A block pays off only for runs of small NAL units (parameter sets, slices of a
                // small picture); for a large one the next entry lies far away, so read its start
                // only: copying kilobytes per entry made recovery of big segments slow.
                block.clear().limit(length < SMALL_NAL ? PROBE_BLOCK : need);
                readSome(packets, block, location);
                block.flip();
                blockStart = location;
            }
            int at = (int) (location - blockStart);
            int available = Math.min(need, block.limit() - at);
            if (!codec.isVideo()) return checkAudio(location, at, available, flags);
            if (!AnnexB.startsWithStartCode(block, at, available)) return "payload at " + location + " has no start code";
            int headerAt = block.get(at + 2) == 1 ? at + 3 : at + 4;
            if (headerAt >= at + available) return "payload at " + location + " is only a start code";
            int expected = NalClassifier.flags(codec, block.get(headerAt));
            if (expected != flags) return "has flags " + flags + " but its NAL unit calls for " + expected;
            return null;
        }

        /** Audio frames are key frames; AAC ones are ADTS frames and start with the 12-bit sync word. */
        private String checkAudio(long location, int at, int available, int flags) {
            if (flags != Rf1Flags.KEY_FRAME) return "has flags " + flags + " but audio frames carry exactly " + Rf1Flags.KEY_FRAME;
            if (codec == Codec.AAC && (available < 2 || block.get(at) != (byte) 0xFF || (block.get(at + 1) & 0xF0) != 0xF0))
                return "payload at " + location + " is not an ADTS frame";
            return null;
        }
    }
}
