package dev.vigil.storage.rf1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Non-zero bytes where a scan reads on past the real end of the index: cases the crash simulator
 * found, pinned down one by one.
 */
class GarbageAfterIndexTest {
    @TempDir
    Path tmp;

    /** Three flushed access units, the first at pts 0; returns the number of entries. */
    private int record(TrackFiles files) throws IOException {
        SyntheticH264 stream = new SyntheticH264(new SplittableRandom(7), 0);
        TrackWriter w = TrackWriter.create(files, TrackHeader.video(Codec.H264, 1_704_067_200_000_000L, 640, 360));
        int n = 0;
        for (int au = 0; au < 3; au++) {
            for (SyntheticH264.Nal nal : stream.nextAccessUnit()) {
                w.append(nal.pts(), ByteBuffer.wrap(nal.bytes()), nal.flags());
                n++;
            }
            w.flush();
        }
        w.abandon();
        return n;
    }

    private static void putEntry(TrackFiles files, int slot, long value) throws IOException {
        try (FileChannel ch = FileChannel.open(files.index(), StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(IndexEntry.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
            ch.write(b, TrackHeader.BYTES + (long) slot * IndexEntry.BYTES);
        }
    }

    @Test
    void aFlippedBitAfterTheSentinelLosesNothing() throws IOException {
        TrackFiles files = TrackFiles.of(tmp, "1704067200000", "video");
        int n = record(files);
        // One bit of pts in the never-written slot after the sentinel: pts 1, location 0, flags 0.
        putEntry(files, n + 1, IndexEntry.pack(1, 0, 0));
        try (TrackReader r = TrackReader.open(files.index())) {
            assertThat(r.entryCount()).as(r.recovery().toString()).isEqualTo(n);
        }
    }

    @Test
    void aFlippedBitAfterTheSentinelKeepsAFirstAccessUnitAtPtsZero() throws IOException {
        TrackFiles files = TrackFiles.of(tmp, "1704067200000", "video");
        record(files);
        // Cut the track back to its first access unit (pts 0): a sentinel right after it.
        int firstAu;
        long end;
        try (TrackReader r = TrackReader.open(files.index())) {
            firstAu = r.firstAfter(0);
            end = r.location(firstAu);
        }
        putEntry(files, firstAu, IndexEntry.pack(0, end, 0));
        // ... followed by a location bit that is not a sentinel's.
        putEntry(files, firstAu + 1, IndexEntry.pack(0, 1L << 20, 0));
        try (TrackReader r = TrackReader.open(files.index())) {
            assertThat(r.entryCount()).as(r.recovery().toString()).isEqualTo(firstAu);
            assertThat(r.packetsEnd()).isEqualTo(end);
        }
    }

    /**
     * A torn index write whose sector with the new sentinel came back as garbage: the entry before
     * it must not take its length from the garbage's location, even when that lies inside the data.
     */
    @Test
    void garbageInTheSentinelSlotLendsNoLength() throws IOException {
        TrackFiles files = TrackFiles.of(tmp, "1704067200000", "video");
        int n = record(files);
        int lastAu;
        long lastLocation;
        try (TrackReader r = TrackReader.open(files.index())) {
            lastAu = r.firstAtOrAfter(r.pts(n - 1));
            lastLocation = r.location(n - 1);
        }
        // Flags 0xABC: no entry and no sentinel has those; the location is 8 bytes into the last entry.
        putEntry(files, n, IndexEntry.pack(0x2BCDEF, lastLocation + 8, 0xABC));
        try (TrackReader r = TrackReader.open(files.index())) {
            assertThat(r.entryCount()).as(r.recovery().toString()).isEqualTo(lastAu);
        }
    }
}
