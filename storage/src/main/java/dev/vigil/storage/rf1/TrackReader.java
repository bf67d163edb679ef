package dev.vigil.storage.rf1;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one RF1 track (index + packets). Opening never modifies the files: a segment that was not
 * closed cleanly, or one still being written, is read by scanning and repaired in memory by the
 * rule in {@link TrackLoader}, so the reader always sees a consistent prefix.
 *
 * <p>Entries are addressed by index {@code 0..entryCount()-1}. Payload reads are contiguous: one
 * positioned read for any run of entries, never one per NAL unit.
 */
public final class TrackReader implements Closeable {
    private final TrackFiles files;
    private final FileChannel index;
    private final FileChannel packets;
    private TrackHeader header;
    private long[] entries;
    private int count;
    private long end;
    private Recovery recovery;

    private TrackReader(TrackFiles files, FileChannel index, FileChannel packets) {
        this.files = files;
        this.index = index;
        this.packets = packets;
    }

    /** Opens the track of {@code file}, which may name either of its two files. */
    public static TrackReader open(Path file) throws IOException {
        return open(file, false);
    }

    /**
     * Opens a track; with {@code probeAllPayloads} the start code of every payload is checked even
     * when the segment was closed cleanly (what {@code rf1 check} does).
     */
    public static TrackReader open(Path file, boolean probeAllPayloads) throws IOException {
        TrackFiles files = TrackFiles.fromEither(file);
        FileChannel index = FileChannel.open(files.index(), StandardOpenOption.READ);
        FileChannel packets = null;
        try {
            packets = FileChannel.open(files.packets(), StandardOpenOption.READ);
            TrackReader reader = new TrackReader(files, index, packets);
            reader.load(probeAllPayloads);
            return reader;
        } catch (IOException | RuntimeException e) {
            index.close();
            if (packets != null) packets.close();
            throw e;
        }
    }

    private void load(boolean probeAll) throws IOException {
        TrackLoader.Loaded loaded = TrackLoader.load(files, index, packets, probeAll);
        header = loaded.header();
        entries = loaded.entries();
        count = loaded.count();
        end = loaded.end();
        recovery = loaded.recovery();
    }

    /**
     * Reads the index again, for a segment that is still being written; returns whether entries were
     * added. Entries already seen never change.
     */
    public boolean refresh() throws IOException {
        int before = count;
        load(false);
        return count > before;
    }

    public TrackFiles files() {
        return files;
    }

    /** The header as stored ({@code indexCount} is 0 for a segment that was not closed). */
    public TrackHeader header() {
        return header;
    }

    public Codec codec() {
        return header.codec();
    }

    public long timeBaseMicros() {
        return header.timeBaseMicros();
    }

    /** Valid entries, without the sentinel. */
    public int entryCount() {
        return count;
    }

    /** The end of valid packet data: the sentinel's location. */
    public long packetsEnd() {
        return end;
    }

    public Recovery recovery() {
        return recovery;
    }

    public int pts(int i) {
        return IndexEntry.ptsOf(entry0(i));
    }

    public long location(int i) {
        return IndexEntry.locationOf(entry0(i));
    }

    public int flags(int i) {
        return IndexEntry.flagsOf(entry0(i));
    }

    public int length(int i) {
        return (int) (boundary(i + 1) - location(i));
    }

    /** The packed entry {@code i}. */
    public long packedEntry(int i) {
        return entry0(i);
    }

    public IndexEntry entry(int i) {
        return IndexEntry.of(entry0(i));
    }

    /** Entries {@code [from, to)} as values. */
    public List<IndexEntry> readIndex(int from, int to) {
        checkRange(from, to);
        List<IndexEntry> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) out.add(IndexEntry.of(entries[i]));
        return out;
    }

    /** The payload bytes of entries {@code [from, to)} in one buffer, read with one positioned read. */
    public ByteBuffer readPayload(int from, int to) throws IOException {
        checkRange(from, to);
        long size = boundary(to) - boundary(from);
        if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("payload of " + size + " bytes does not fit one buffer");
        ByteBuffer dst = ByteBuffer.allocate((int) size);
        readPayload(from, to, dst);
        return dst.flip();
    }

    /** Reads the payloads of entries {@code [from, to)} into {@code dst}, which must have room for them. */
    public void readPayload(int from, int to, ByteBuffer dst) throws IOException {
        checkRange(from, to);
        long start = boundary(from);
        long size = boundary(to) - start;
        if (dst.remaining() < size)
            throw new IllegalArgumentException("buffer has " + dst.remaining() + " bytes left, entries " + from + ".." + to + " need " + size);
        ByteBuffer view = dst.duplicate();
        view.limit(view.position() + (int) size);
        TrackLoader.readFully(packets, view, start, files.packets());
        dst.position(view.position());
    }

    /**
     * Where the track ends in wall time: the last entry's time plus the interval before it (where
     * the next frame would have been); the time base for an empty track.
     */
    public long estimatedEndMicros() {
        if (count == 0) return header.timeBaseMicros();
        int last = pts(count - 1);
        int previous = last;
        for (int i = count - 2; i >= 0 && previous == last; i--) previous = pts(i);
        return header.timeBaseMicros() + IndexEntry.microsFromTicks(last + (long) (last - previous));
    }

    /** The packets channel, for callers that stream payloads themselves (e.g. {@code transferTo}). */
    public FileChannel packetsChannel() {
        return packets;
    }

    /**
     * Entries for the pts range {@code [start, end]} (ticks after the time base): from the first entry
     * with pts &ge; start to the first with pts &gt; end. With {@code seekBackToKeyFrame} the range
     * starts instead at the closest key frame at or before {@code start}, and further back at the
     * first entry that shares that key frame's pts (its parameter sets, other slices). When no key
     * frame precedes {@code start} (a segment that continues a GOP) the range is not moved back.
     */
    public EntryRange readAtTime(long start, long end, boolean seekBackToKeyFrame) {
        int from = firstAtOrAfter(start);
        int to = firstAfter(end);
        if (seekBackToKeyFrame) {
            int key = -1;
            for (int i = firstAfter(start) - 1; i >= 0; i--) {
                if (Rf1Flags.isKeyFrame(flags(i))) {
                    key = i;
                    break;
                }
            }
            if (key >= 0) from = firstAtOrAfter(pts(key));
        }
        return new EntryRange(from, Math.max(from, to));
    }

    /** Index of the first entry with pts &ge; {@code ticks} ({@code entryCount()} when none). */
    public int firstAtOrAfter(long ticks) {
        int lo = 0, hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pts(mid) < ticks) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Index of the first entry with pts &gt; {@code ticks} ({@code entryCount()} when none). */
    public int firstAfter(long ticks) {
        int lo = 0, hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pts(mid) <= ticks) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private long boundary(int i) {
        return i == count ? end : IndexEntry.locationOf(entries[i]);
    }

    private long entry0(int i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException("entry " + i + " of " + count + " in " + files.index());
        return entries[i];
    }

    private void checkRange(int from, int to) {
        if (from < 0 || to > count || from > to)
            throw new IndexOutOfBoundsException("entries [" + from + ", " + to + ") of " + count + " in " + files.index());
    }

    @Override
    public void close() throws IOException {
        try {
            index.close();
        } finally {
            packets.close();
        }
    }
}
