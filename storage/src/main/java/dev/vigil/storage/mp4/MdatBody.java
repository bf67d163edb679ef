package dev.vigil.storage.mp4;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * The body of an mdat as a sequence of pieces (see {@link TrackPlan}), written on demand for any
 * byte range without building it in memory.
 *
 * <p>Bytes are read from the packets files in large positioned reads into one buffer. A NAL unit
 * with a 4-byte start code is patched in place (the start code becomes the big-endian length) and
 * runs of pieces adjacent in the buffer go out in one write; other pieces (3-byte start codes,
 * ADTS headers to drop) are written as a small length buffer and a slice.
 */
final class MdatBody {
    static final int READ_SIZE = 1 << 20;

    private final List<Path> sources;
    private final int[] source;
    private final long[] offset;
    private final int[] length;
    private final byte[] kind;
    /** Output offset of piece i; {@code out[count]} is the body length. */
    private final long[] out;
    private final int count;
    private final int largest;

    MdatBody(List<Path> sources, int[] source, long[] offset, int[] length, byte[] kind, int count) {
        this.sources = sources;
        this.source = source;
        this.offset = offset;
        this.length = length;
        this.kind = kind;
        this.count = count;
        this.out = new long[count + 1];
        int max = 0;
        for (int i = 0; i < count; i++) {
            out[i + 1] = out[i] + TrackPlan.outputLength(length[i], kind[i]);
            max = Math.max(max, length[i]);
        }
        this.largest = max;
    }

    /** The pieces of sample runs {@code (track, from, to)}, given as triples in {@code runs}, in that order. */
    static MdatBody of(List<Path> sources, List<TrackPlan> tracks, int[] runs) {
        int total = 0;
        for (int c = 0; c < runs.length; c += 3) {
            TrackPlan t = tracks.get(runs[c]);
            total += t.firstPiece[runs[c + 2]] - t.firstPiece[runs[c + 1]];
        }
        int[] src = new int[total];
        long[] off = new long[total];
        int[] len = new int[total];
        byte[] kind = new byte[total];
        int q = 0;
        for (int c = 0; c < runs.length; c += 3) {
            TrackPlan t = tracks.get(runs[c]);
            int from = t.firstPiece[runs[c + 1]], to = t.firstPiece[runs[c + 2]];
            System.arraycopy(t.pieceSource, from, src, q, to - from);
            System.arraycopy(t.pieceOffset, from, off, q, to - from);
            System.arraycopy(t.pieceLength, from, len, q, to - from);
            System.arraycopy(t.pieceKind, from, kind, q, to - from);
            q += to - from;
        }
        return new MdatBody(sources, src, off, len, kind, q);
    }

    long length() {
        return out[count];
    }

    /** Writes body bytes {@code [from, to)}. */
    void write(long from, long to, WritableByteChannel dst) throws IOException {
        write(from, to, dst, READ_SIZE);
    }

    /** As {@link #write(long, long, WritableByteChannel)}, reading at most {@code readSize} bytes at a time (or one piece). */
    void write(long from, long to, WritableByteChannel dst, int readSize) throws IOException {
        if (from < 0 || to > length() || from > to) throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + length());
        if (from == to) return;
        int p = Arrays.binarySearch(out, 0, count + 1, from);
        if (p < 0) p = -p - 2;
        while (p < count && out[p + 1] <= from) p++; // skip empty pieces
        FileChannel[] channels = new FileChannel[sources.size()];
        int bufSize = Math.max(readSize, largest);
        ByteBuffer buf = readBuffer(bufSize);
        ByteBuffer prefix = ByteBuffer.allocate(4);
        int bufSource = -1;
        long bufStart = 0, bufEnd = 0;
        // A run of output bytes that lies in buf: [runFrom, runTo), not yet written.
        int runFrom = 0, runTo = 0;
        try {
            for (; p < count && out[p] < to; p++) {
                int src = source[p];
                long off = offset[p];
                int len = length[p];
                if (src != bufSource || off < bufStart || off + len > bufEnd) {
                    writeRun(buf, runFrom, runTo, dst);
                    runFrom = runTo = 0;
                    bufEnd = fill(buf, bufSize, channel(channels, src), off, p, to);
                    bufSource = src;
                    bufStart = off;
                }
                int at = (int) (off - bufStart);
                int k = kind[p];
                int skip = k & 0x0F;
                boolean prefixed = (k & TrackPlan.LENGTH_PREFIX) != 0;
                long pieceOut = out[p];
                // The part of this piece's output inside [from, to).
                long lo = Math.max(from, pieceOut) - pieceOut;
                long hi = Math.min(to, out[p + 1]) - pieceOut;
                if (prefixed && skip == 4) {
                    buf.putInt(at, len - 4);
                    int a = at + (int) lo, b = at + (int) hi;
                    if (runTo == a && runTo != runFrom) {
                        runTo = b;
                    } else {
                        writeRun(buf, runFrom, runTo, dst);
                        runFrom = a;
                        runTo = b;
                    }
                    continue;
                }
                writeRun(buf, runFrom, runTo, dst);
                runFrom = runTo = 0;
                int head = 0;
                if (prefixed) {
                    head = 4;
                    if (lo < 4) {
                        prefix.clear();
                        prefix.putInt(0, len - skip);
                        prefix.position((int) lo).limit((int) Math.min(4, hi));
                        writeFully(prefix, dst);
                    }
                }
                long bodyLo = Math.max(lo - head, 0), bodyHi = hi - head;
                if (bodyHi > bodyLo) writeRun(buf, at + skip + (int) bodyLo, at + skip + (int) bodyHi, dst);
            }
            writeRun(buf, runFrom, runTo, dst);
        } finally {
            for (FileChannel c : channels) if (c != null) c.close();
        }
    }

    /**
     * This thread's read buffer, direct: a heap buffer costs a zeroed allocation per call and an
     * extra copy per read (the JDK reads into a temporary direct buffer first), which showed as a
     * quarter of view.mp4's throughput. The callers are a few long-lived threads (HTTP handlers,
     * the export command), so one buffer each stays bounded.
     */
    private static ByteBuffer readBuffer(int capacity) {
        ByteBuffer b = READ_BUFFERS.get();
        if (b == null || b.capacity() < capacity) {
            b = ByteBuffer.allocateDirect(capacity);
            READ_BUFFERS.set(b);
        }
        return b.clear();
    }

    private static final ThreadLocal<ByteBuffer> READ_BUFFERS = new ThreadLocal<>();

    /**
     * Reads from {@code off} as far as the pieces that follow stay contiguous in the same file and
     * within what is wanted, up to the buffer's size; returns the file position the buffer ends at.
     */
    private long fill(ByteBuffer buf, int cap, FileChannel ch, long off, int p, long to) throws IOException {
        long end = off + length[p];
        for (int q = p + 1; q < count && out[q] < to && source[q] == source[p] && offset[q] == end && end - off + length[q] <= cap; q++)
            end += length[q];
        buf.clear().limit((int) (end - off));
        long pos = off;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) throw new IOException("packets file " + sources.get(source[p]) + " ends before byte " + end);
            pos += n;
        }
        return end;
    }

    private FileChannel channel(FileChannel[] channels, int src) throws IOException {
        if (channels[src] == null) channels[src] = FileChannel.open(sources.get(src), StandardOpenOption.READ);
        return channels[src];
    }

    private static void writeRun(ByteBuffer buf, int from, int to, WritableByteChannel dst) throws IOException {
        if (to <= from) return;
        ByteBuffer view = buf.duplicate();
        view.limit(to).position(from);
        writeFully(view, dst);
    }

    private static void writeFully(ByteBuffer b, WritableByteChannel dst) throws IOException {
        while (b.hasRemaining()) dst.write(b);
    }
}
