package dev.vigil.storage.rf1;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes one RF1 track. One entry per NAL unit (or audio frame); the payload goes to the packets
 * file, the entry to the index.
 *
 * <p><b>Durability.</b> Packet bytes are gathered in a buffer and written in large writes as it
 * fills ({@link PacketsFile}, past the page cache where the file system allows). Index entries are
 * held back until {@link #flush()}, which writes the remaining packet bytes, {@code fdatasync}s the
 * packets file, and only then writes the pending entries plus a fresh sentinel and
 * {@code fdatasync}s the index. So an entry on disk never points at packet bytes that
 * are not, and every append before a completed flush survives a crash or power cut. A reader of
 * the live segment sees exactly the flushed prefix.
 *
 * <p><b>Group flush.</b> The same order, with the syncs left to the caller, who makes many tracks
 * durable with one sync of their file system ({@link FileSystemSync}) instead of two
 * {@code fdatasync}s each: {@link #writeOut()} writes the packet bytes and marks the entries
 * appended so far; after the caller's sync, {@link #writeIndex()} writes exactly the marked
 * entries, with a sentinel at the marked end; after the caller's second sync, they are durable.
 * Appends between the two calls stay pending, for the next flush: their packet bytes were not
 * part of the first sync. A {@link #flush()} (or {@link #close()}) in between writes everything,
 * the marked entries included, with its own syncs.
 *
 * <p><b>Page cache.</b> Footage is seldom read back soon, and cached it would only push out what
 * is worth caching: packet bytes are written past the page cache or, where that cannot be done,
 * dropped from it once durable ({@link PacketsFile}). The index stays cached; it is small and
 * playback reads it.
 *
 * <p><b>Preallocation.</b> The index is allocated to its maximum size when created; the packets
 * file grows by real allocations in 16 MiB chunks (64 MiB once the average NAL unit reaches 5000
 * bytes). {@link #close()} writes the header's {@code indexCount} and trims both files.
 *
 * <p>Not thread-safe: one writer thread per track.
 */
public final class TrackWriter implements Closeable {
    static final long INDEX_FILE_MAX = TrackHeader.BYTES + (long) (IndexEntry.MAX_ENTRIES + 1) * IndexEntry.BYTES;
    static final long SMALL_CHUNK = 16L << 20;
    static final long LARGE_CHUNK = 64L << 20;
    static final int LARGE_NAL_AVERAGE = 5000;
    private static final int INDEX_BUFFER_ENTRIES = 257;
    static final DirectBuffers INDEX_BUFFERS = new DirectBuffers(INDEX_BUFFER_ENTRIES * IndexEntry.BYTES);

    private final TrackFiles files;
    private final FileChannel index;
    private final PacketsFile packets;
    private TrackHeader header;
    private long[] pending = new long[256];
    private int pendingCount;
    private ByteBuffer indexBuffer = INDEX_BUFFERS.take().order(ByteOrder.LITTLE_ENDIAN);
    /** Entries appended, flushed or not. */
    private int entries;
    /** Entries on disk in the index (all before the last flush). */
    private int flushedEntries;
    /** Of the pending entries, how many {@link #writeOut()} wrote the packet bytes of; 0: none marked. */
    private int markedEntries;
    /** The packets file's logical size at {@link #writeOut()}: where the marked entries' bytes end. */
    private long markedSize;
    /**
     * A group flush's half wrote something that only the caller's sync makes durable: a
     * {@link #flush()} syncs both files even with nothing pending, which is how a caller whose sync
     * failed finds out which files it failed for.
     */
    private boolean unsynced;
    /** Logical size of the packets file: everything appended. */
    private long size;
    private long allocated;
    private int lastPts;
    private boolean closed;
    private boolean buffersGiven;

    private TrackWriter(TrackFiles files, FileChannel index, PacketsFile packets, TrackHeader header) {
        this.files = files;
        this.index = index;
        this.packets = packets;
        this.header = header;
    }

    /** Creates both files of a new track; refuses to overwrite an existing one. */
    public static TrackWriter create(TrackFiles files, TrackHeader header) throws IOException {
        return create(files, header, PacketsFile.DIRECT_WANTED);
    }

    /** {@link #create(TrackFiles, TrackHeader)}, choosing whether the packets may be written with direct I/O. */
    static TrackWriter create(TrackFiles files, TrackHeader header, boolean direct) throws IOException {
        if (header.indexCount() != 0) throw new IllegalArgumentException("a new track starts with indexCount 0");
        FileChannel index = FileChannel.open(files.index(), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        PacketsFile packets = null;
        try {
            packets = PacketsFile.create(files.packets(), direct);
            Fallocate.allocate(files.index(), index, 0, INDEX_FILE_MAX);
            writeFully(index, header.encode(), 0);
            index.force(false);
            syncDirectory(files.index().toAbsolutePath().getParent());
            return new TrackWriter(files, index, packets, header);
        } catch (IOException | RuntimeException e) {
            index.close();
            if (packets != null) packets.close();
            // A half-made track (a full disk refused its allocation) must not be left to look like a segment.
            Files.deleteIfExists(files.index());
            Files.deleteIfExists(files.packets());
            throw e;
        }
    }

    /**
     * Reopens a track to append to it: the index is read and repaired as a reader would, the repair
     * is written (fresh sentinel, garbage after it zeroed, indexCount back to 0) and appending
     * continues after the last valid entry.
     */
    public static TrackWriter resume(Path file) throws IOException {
        return resume(file, PacketsFile.DIRECT_WANTED);
    }

    /** {@link #resume(Path)}, choosing whether the packets may be written with direct I/O. */
    static TrackWriter resume(Path file, boolean direct) throws IOException {
        TrackFiles files = TrackFiles.fromEither(file);
        FileChannel index = FileChannel.open(files.index(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        PacketsFile packets = null;
        try {
            TrackLoader.Loaded loaded;
            long packetsSize;
            try (FileChannel read = FileChannel.open(files.packets(), StandardOpenOption.READ)) {
                loaded = TrackLoader.load(files, index, read, true);
                packetsSize = read.size();
            }
            packets = PacketsFile.resume(files.packets(), loaded.end(), direct);
            TrackWriter w = new TrackWriter(files, index, packets, loaded.header().withIndexCount(0));
            w.entries = w.flushedEntries = loaded.count();
            w.size = loaded.end();
            w.lastPts = loaded.count() == 0 ? 0 : IndexEntry.ptsOf(loaded.entries()[loaded.count() - 1]);
            w.allocated = Math.max(packetsSize, w.size);
            w.rewriteTail(index.size());
            return w;
        } catch (IOException | RuntimeException e) {
            index.close();
            if (packets != null) packets.close();
            throw e;
        }
    }

    /**
     * Closes a track that a crash left open, in place: the index is read and repaired as a reader
     * would, then the header count is written and both files are trimmed after the valid prefix,
     * exactly as {@link #close()} would have left them. A track closed cleanly is left alone.
     *
     * @return what the repair found
     */
    public static Recovery recover(Path file) throws IOException {
        TrackFiles files = TrackFiles.fromEither(file);
        try (FileChannel index = FileChannel.open(files.index(), StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileChannel packets = FileChannel.open(files.packets(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            TrackLoader.Loaded loaded = TrackLoader.load(files, index, packets, true);
            if (loaded.recovery().closedCleanly()) return loaded.recovery();
            int n = loaded.count();
            ByteBuffer tail = ByteBuffer.allocate(IndexEntry.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            writeFully(index, tail.putLong(0, IndexEntry.pack(0, loaded.end(), 0)), entryOffset(n));
            index.truncate(entryOffset(n + 1));
            packets.truncate(loaded.end());
            packets.force(false);
            // The count goes last: until it is on disk, a reader scans, and finds the same prefix.
            index.force(false);
            writeFully(index, loaded.header().withIndexCount(n).encode(), 0);
            index.force(false);
            return loaded.recovery();
        }
    }

    /** Makes the on-disk index say exactly what this writer knows: header, entries, sentinel, zeros. */
    private void rewriteTail(long oldIndexSize) throws IOException {
        if (oldIndexSize < INDEX_FILE_MAX) Fallocate.allocate(files.index(), index, oldIndexSize, INDEX_FILE_MAX - oldIndexSize);
        writeFully(index, header.encode(), 0);
        long sentinelAt = entryOffset(entries);
        ByteBuffer sentinel = ByteBuffer.allocate(IndexEntry.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        writeFully(index, sentinel.putLong(0, IndexEntry.pack(0, size, 0)), sentinelAt);
        ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
        for (long pos = sentinelAt + IndexEntry.BYTES; pos < INDEX_FILE_MAX; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), INDEX_FILE_MAX - pos));
            pos += index.write(zeros, pos);
        }
        index.force(false);
    }

    /** Whether {@code n} more entries of {@code bytes} payload bytes (start codes included) at {@code pts} fit. */
    public boolean fits(long pts, int n, long bytes) {
        return pts <= IndexEntry.MAX_PTS
                && (long) entries + n + 1 <= IndexEntry.MAX_ENTRIES
                && size + bytes <= IndexEntry.MAX_LOCATION;
    }

    /**
     * Appends one entry. With {@link Rf1Flags#ANNEX_B} in {@code flags}, {@code payload} is a NAL unit
     * without start code and a 4-byte start code is written before it; otherwise (audio) the payload
     * is written as it is. The payload's position is not changed.
     *
     * @throws IllegalArgumentException when pts decreases or a limit would be passed (check {@link #fits})
     */
    public void append(int pts, ByteBuffer payload, int flags) throws IOException {
        if (closed) throw new IllegalStateException(files.index() + " is closed");
        boolean annexB = (flags & Rf1Flags.ANNEX_B) != 0;
        int length = payload.remaining() + (annexB ? AnnexB.START_CODE.length : 0);
        if (pts < lastPts) throw new IllegalArgumentException(files.index() + ": pts " + pts + " is before the previous " + lastPts);
        if (!fits(pts, 1, length))
            throw new IllegalArgumentException(files.index() + ": entry at pts " + pts + " of " + length + " bytes would pass a limit ("
                    + entries + " entries, " + size + " bytes)");
        if ((flags & ~Rf1Flags.KNOWN) != 0) throw new IllegalArgumentException("unknown flags " + flags);
        if (payload.remaining() == 0) throw new IllegalArgumentException("empty payload");

        long location = size;
        // Allocate before any state moves: a full disk fails this append and leaves the track as it was.
        if (size + length > allocated) allocate(size + length, entries + 1);
        size += length;
        entries++;
        putPayload(payload, annexB);
        if (pendingCount == pending.length) pending = java.util.Arrays.copyOf(pending, pending.length * 2);
        pending[pendingCount++] = IndexEntry.pack(pts, location, flags);
        lastPts = pts;
    }

    private void allocate(long required, int withEntries) throws IOException {
        long chunk = required / withEntries < LARGE_NAL_AVERAGE ? SMALL_CHUNK : LARGE_CHUNK;
        long target = Math.min((required + chunk - 1) / chunk * chunk, Math.max(required, IndexEntry.MAX_LOCATION + 1));
        Fallocate.allocate(files.packets(), packets.channel(), allocated, target - allocated);
        allocated = target;
    }

    /**
     * Copies the payload into the packets file's buffer, written out each time it fills. Large units
     * too: handed to the channel as they are, heap buffers would be copied anyway, into temporary
     * direct buffers that the JDK caches per thread at the largest size seen.
     */
    private void putPayload(ByteBuffer payload, boolean annexB) throws IOException {
        if (annexB) packets.put(AnnexB.START_CODE);
        packets.put(payload);
    }

    /**
     * Makes every append so far durable, in the order that keeps a crash consistent: packet bytes,
     * fdatasync of the packets file, index entries with a fresh sentinel, fdatasync of the index.
     */
    public void flush() throws IOException {
        if (closed || pendingCount == 0 && !unsynced) return;
        packets.sync(size);
        if (pendingCount > 0) writeEntries(pendingCount, size);
        index.force(false);
        unsynced = false;
    }

    /**
     * First half of a group flush: writes out the packet bytes of every append so far, without
     * syncing, and marks those appends for {@link #writeIndex()}. The caller then makes the packets
     * file durable (a sync of its file system) before calling {@link #writeIndex()}.
     */
    public void writeOut() throws IOException {
        if (closed || pendingCount == 0) return;
        packets.writeOut(size);
        unsynced = true;
        markedEntries = pendingCount;
        markedSize = size;
    }

    /**
     * Second half of a group flush, once the caller has made the bytes {@link #writeOut()} wrote
     * durable: writes the entries it marked, and a sentinel after them, into the index without
     * syncing. A sync of the index's file system then makes them durable. Does nothing when
     * nothing is marked (a flush or close since took them along).
     */
    public void writeIndex() throws IOException {
        if (closed || markedEntries == 0) return;
        packets.madeDurable(markedSize);
        writeEntries(markedEntries, markedSize);
        unsynced = true;
    }

    /**
     * Writes the first {@code n} pending entries and a sentinel at {@code end}, where their packet
     * bytes end, into the index (not synced); the entries after them stay pending.
     */
    private void writeEntries(int n, long end) throws IOException {
        int bytes = (n + 1) * IndexEntry.BYTES;
        if (indexBuffer.capacity() < bytes) {
            INDEX_BUFFERS.give(indexBuffer);
            indexBuffer = ByteBuffer.allocateDirect(Integer.highestOneBit(n + 1) * 2 * IndexEntry.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        }
        indexBuffer.clear();
        for (int i = 0; i < n; i++) indexBuffer.putLong(pending[i]);
        indexBuffer.putLong(IndexEntry.pack(0, end, 0));
        writeFully(index, indexBuffer.flip(), entryOffset(flushedEntries));
        flushedEntries += n;
        pendingCount -= n;
        if (pendingCount > 0) System.arraycopy(pending, n, pending, 0, pendingCount);
        markedEntries = 0;
    }

    /** Flushes, writes {@code indexCount} into the header and trims both files to their content. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        try {
            flush();
            header = header.withIndexCount(entries);
            writeFully(index, header.encode(), 0);
            index.truncate(entryOffset(entries + 1));
            packets.trim(size);
            index.force(false);
        } finally {
            closed = true;
            giveBuffersBack();
            try {
                index.close();
            } finally {
                packets.close();
            }
        }
    }

    /**
     * Closes the files without flushing or trimming, as a crash would leave them. For tests and for
     * giving up on a track whose disk failed.
     */
    public void abandon() throws IOException {
        closed = true;
        giveBuffersBack();
        try {
            index.close();
        } finally {
            packets.close();
        }
    }

    /** Once, when closed: nothing touches the buffers after, so the next writer may have them. */
    private void giveBuffersBack() {
        if (buffersGiven) return;
        buffersGiven = true;
        INDEX_BUFFERS.give(indexBuffer);
    }

    public TrackFiles files() {
        return files;
    }

    public TrackHeader header() {
        return header;
    }

    /** Entries appended (flushed or not), without the sentinel. */
    public int entryCount() {
        return entries;
    }

    /** Bytes appended to the packets file. */
    public long size() {
        return size;
    }

    /** Entries not yet made durable by {@link #flush()}. */
    public int pendingEntries() {
        return pendingCount;
    }

    public int lastPts() {
        return lastPts;
    }

    private static long entryOffset(int i) {
        return TrackHeader.BYTES + (long) i * IndexEntry.BYTES;
    }

    private static void writeFully(FileChannel ch, ByteBuffer src, long position) throws IOException {
        long pos = position;
        while (src.hasRemaining()) pos += ch.write(src, pos);
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the files' own syncs still hold.
        }
    }
}
