package dev.vigil.storage.rf1;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link TrackWriter} for the crash simulator and keeps the ground truth: every entry
 * appended (packed as a correct writer stores it, locations computed here, not asked of the
 * writer) with its stored bytes, and the durable image of both files as of the last completed
 * flush, or the last sync of a group flush.
 */
final class Recording {
    static final String BASE = "1704067200000";
    static final String TRACK = "video";

    final TrackFiles files;
    final TrackWriter writer;
    final List<Long> entries = new ArrayList<>();
    final List<byte[]> stored = new ArrayList<>();
    /** Bytes appended to the packets file. */
    long size;
    /** Entries in the index as of the last completed flush. */
    int flushed;
    long flushedSize;
    FileImage durableIndex;
    FileImage durablePackets;
    /** What the last {@link #writeOut()} marked: entries, and where their packet bytes end. */
    private int marked;
    private long markedSize;
    /** How far the packets file may hold non-zero bytes: past {@link #size} after a resume, stale ones. */
    private long packetsExtent;

    private Recording(TrackFiles files, TrackWriter writer) {
        this.files = files;
        this.writer = writer;
    }

    /** Creates the track; {@code create} syncs the header, so the new files are the first durable state. */
    static Recording start(Path dir, long timeBaseMicros) throws IOException {
        return start(dir, timeBaseMicros, PacketsFile.DIRECT_WANTED);
    }

    /** {@link #start(Path, long)} with the packets written through the page cache or past it. */
    static Recording start(Path dir, long timeBaseMicros, boolean direct) throws IOException {
        TrackFiles files = TrackFiles.of(Files.createDirectories(dir), BASE, TRACK);
        Recording r = new Recording(files, TrackWriter.create(files, TrackHeader.video(Codec.H264, timeBaseMicros, 1280, 720), direct));
        r.snapshot();
        return r;
    }

    /**
     * Resumes a recovered track whose valid prefix is {@code entries}. Its packets file may hold stale
     * bytes up to {@code packetsExtent}, past the prefix: the writer overwrites them, a power cut may
     * leave them. {@code resume} syncs its repair of the index, so that is the durable state.
     */
    static Recording resume(TrackFiles files, List<Long> entries, List<byte[]> stored, long packetsExtent, boolean direct) throws IOException {
        Recording r = new Recording(files, TrackWriter.resume(files.index(), direct));
        r.entries.addAll(entries);
        r.stored.addAll(stored);
        r.size = r.flushedSize = r.end(entries.size());
        r.flushed = entries.size();
        r.packetsExtent = packetsExtent;
        r.snapshot();
        return r;
    }

    void append(List<SyntheticH264.Nal> nals) throws IOException {
        for (SyntheticH264.Nal nal : nals) {
            writer.append(nal.pts(), ByteBuffer.wrap(nal.bytes()), nal.flags());
            byte[] bytes = nal.stored();
            entries.add(IndexEntry.pack(nal.pts(), size, nal.flags()));
            stored.add(bytes);
            size += bytes.length;
        }
    }

    void flush() throws IOException {
        writer.flush();
        flushed = entries.size();
        flushedSize = size;
        snapshot();
    }

    /**
     * First half of a group flush, then the caller's sync of the file system: the packet bytes
     * written out so far are durable; the index is not touched.
     */
    void writeOut() throws IOException {
        writer.writeOut();
        marked = entries.size();
        markedSize = size;
        durablePackets = currentPackets();
    }

    /**
     * Second half of a group flush, then the caller's second sync: the entries marked by {@link
     * #writeOut()} are in the index and durable, and so is everything written since, appends between
     * the halves included (a sync of the file system takes every file along).
     */
    void writeIndex() throws IOException {
        writer.writeIndex();
        flushed = marked;
        flushedSize = markedSize;
        snapshot();
    }

    long unflushedBytes() {
        return size - flushedSize;
    }

    /** The index as the OS has it: header, entries, sentinel; past those the preallocated zeros. */
    FileImage currentIndex() throws IOException {
        return FileImage.read(files.index(), TrackHeader.BYTES + (long) (entries.size() + 1) * IndexEntry.BYTES);
    }

    /** The packets file as the OS has it; past the bytes appended (and stale ones) it is preallocated zeros. */
    FileImage currentPackets() throws IOException {
        return FileImage.read(files.packets(), Math.max(size, packetsExtent));
    }

    private void snapshot() throws IOException {
        durableIndex = currentIndex();
        durablePackets = currentPackets();
    }

    /** Bytes of entries {@code [0, n)}: where the packet data of a prefix of {@code n} entries ends. */
    long end(int n) {
        return n == 0 ? 0 : IndexEntry.locationOf(entries.get(n - 1)) + stored.get(n - 1).length;
    }
}
