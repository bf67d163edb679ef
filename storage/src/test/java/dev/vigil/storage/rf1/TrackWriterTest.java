package dev.vigil.storage.rf1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackWriterTest {
    @TempDir
    Path dir;

    final SplittableRandom random = new SplittableRandom(3);
    final List<byte[]> written = new ArrayList<>();

    ByteBuffer nal(int header, int size) {
        byte[] b = new byte[size];
        b[0] = (byte) header;
        for (int i = 1; i < size; i++) b[i] = (byte) (1 + random.nextInt(255));
        written.add(b);
        return ByteBuffer.wrap(b);
    }

    TrackWriter create(String base) throws Exception {
        return TrackWriter.create(TrackFiles.of(dir, base, "video"), TrackHeader.video(Codec.H264, 1_000_000, 320, 240));
    }

    void appendFrames(TrackWriter w, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            if (i % 10 == 0) {
                w.append(i * 400, nal(0x67, 10), 6);
                w.append(i * 400, nal(0x68, 4), 6);
                w.append(i * 400, nal(0x65, 3000), 5);
            } else {
                w.append(i * 400, nal(0x41, 700), 4);
            }
        }
    }

    void assertPayloads(TrackReader r) throws Exception {
        assertThat(r.entryCount()).isEqualTo(written.size());
        ByteBuffer all = r.readPayload(0, r.entryCount());
        for (byte[] b : written) {
            assertThat(all.getInt()).isEqualTo(1);
            byte[] got = new byte[b.length];
            all.get(got);
            assertThat(got).isEqualTo(b);
        }
        assertThat(all.hasRemaining()).isFalse();
    }

    @Test
    void preallocatesRealBlocksNotASparseFile() throws Exception {
        try (TrackWriter w = create("1")) {
            w.append(0, nal(0x65, 100), 5);
            w.flush();
            TrackFiles f = w.files();
            assertThat(Files.size(f.index())).isEqualTo(TrackWriter.INDEX_FILE_MAX);
            assertThat(Files.size(f.packets())).isEqualTo(TrackWriter.SMALL_CHUNK);
            assertThat(allocatedBytes(f.index())).isGreaterThanOrEqualTo(TrackWriter.INDEX_FILE_MAX);
            assertThat(allocatedBytes(f.packets())).isGreaterThanOrEqualTo(TrackWriter.SMALL_CHUNK);
        }
    }

    @Test
    void largeNalUnitsGrowThePacketsFileInLargeChunks() throws Exception {
        try (TrackWriter w = create("1")) {
            w.append(0, nal(0x65, 200_000), 5);
            w.flush();
            assertThat(Files.size(w.files().packets())).isEqualTo(TrackWriter.LARGE_CHUNK);
            for (int i = 1; i <= 340; i++) w.append(i, nal(0x41, 200_000), 4);
            w.flush();
            assertThat(Files.size(w.files().packets())).isEqualTo(2 * TrackWriter.LARGE_CHUNK);
        }
    }

    /** st_blocks * 512 as the file system reports it. */
    static long allocatedBytes(Path p) throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", p.toString()).start();
        String[] out = new String(stat.getInputStream().readAllBytes()).trim().split(" ");
        assertThat(stat.waitFor()).isZero();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    @Test
    void refusesToOverwriteAnExistingSegment() throws Exception {
        create("1").close();
        assertThatThrownBy(() -> create("1")).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void refusesDecreasingPtsAndPassingALimit() throws Exception {
        try (TrackWriter w = create("1")) {
            w.append(100, nal(0x65, 10), 5);
            assertThatThrownBy(() -> w.append(99, nal(0x41, 10), 4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before");
            assertThatThrownBy(() -> w.append(IndexEntry.MAX_PTS + 1, nal(0x41, 10), 4)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("limit");
            assertThat(w.entryCount()).isEqualTo(1);
        }
    }

    @Test
    void readerOfALiveSegmentSeesExactlyTheFlushedPrefix() throws Exception {
        try (TrackWriter w = create("1")) {
            appendFrames(w, 0, 20);
            w.flush();
            int flushed = written.size();
            try (TrackReader r = TrackReader.open(w.files().index())) {
                assertThat(r.entryCount()).isEqualTo(flushed);
                assertThat(r.header().indexCount()).isZero();
                appendFrames(w, 20, 35);
                assertThat(r.refresh()).isFalse();
                assertThat(r.entryCount()).isEqualTo(flushed);
                w.flush();
                assertThat(r.refresh()).isTrue();
                assertPayloads(r);
            }
        }
    }

    @Test
    void groupFlushIndexesWhatWasWrittenOutAndNothingAppendedSince() throws Exception {
        try (TrackWriter w = create("1")) {
            appendFrames(w, 0, 20);
            w.writeOut();
            int marked = written.size();
            long markedSize = w.size();
            try (TrackReader r = TrackReader.open(w.files().index())) {
                assertThat(r.entryCount()).as("the first half leaves the index alone").isZero();
                appendFrames(w, 20, 30);  // between the halves: not part of this flush
                w.writeIndex();
                assertThat(r.refresh()).isTrue();
                assertThat(r.entryCount()).isEqualTo(marked);
                assertThat(r.packetsEnd()).isEqualTo(markedSize);
                assertThat(w.pendingEntries()).isEqualTo(written.size() - marked);
                w.writeIndex();  // nothing marked any more
                assertThat(r.refresh()).isFalse();
                w.writeOut();
                w.writeIndex();
                assertThat(r.refresh()).isTrue();
                assertPayloads(r);
            }
        }
    }

    @Test
    void aFlushBetweenTheHalvesTakesTheMarkedEntriesAlong() throws Exception {
        TrackWriter w = create("1");
        appendFrames(w, 0, 12);
        w.writeOut();
        appendFrames(w, 12, 15);
        w.flush();
        w.writeIndex();  // its entries went with the flush: nothing left to write
        appendFrames(w, 15, 18);
        w.writeOut();
        w.close();
        w.writeIndex();  // closed: does nothing
        try (TrackReader r = TrackReader.open(dir.resolve("1_video.rf1i"), true)) {
            assertThat(r.recovery().closedCleanly()).isTrue();
            assertPayloads(r);
        }
    }

    @Test
    void resumesAfterACrashAndKeepsAppending() throws Exception {
        TrackWriter w = create("1");
        appendFrames(w, 0, 25);
        w.flush();
        int durable = written.size();
        appendFrames(w, 25, 30);  // never flushed: lost in the crash
        w.abandon();
        written.subList(durable, written.size()).clear();

        try (TrackWriter resumed = TrackWriter.resume(dir.resolve("1_video.rf1p"))) {
            assertThat(resumed.entryCount()).isEqualTo(durable);
            assertThat(resumed.lastPts()).isEqualTo(24 * 400);
            appendFrames(resumed, 30, 50);
        }
        try (TrackReader r = TrackReader.open(dir.resolve("1_video.rf1i"), true)) {
            assertThat(r.recovery().closedCleanly()).isTrue();
            assertPayloads(r);
            assertThat(Files.size(r.files().packets())).isEqualTo(r.packetsEnd());
        }
    }

    @Test
    void resumesACleanlyClosedSegment() throws Exception {
        try (TrackWriter w = create("1")) {
            appendFrames(w, 0, 10);
        }
        try (TrackWriter w = TrackWriter.resume(dir.resolve("1_video.rf1i"))) {
            assertThat(Files.size(w.files().index())).isEqualTo(TrackWriter.INDEX_FILE_MAX);
            appendFrames(w, 10, 20);
        }
        try (TrackReader r = TrackReader.open(dir.resolve("1_video.rf1i"), true)) {
            assertPayloads(r);
        }
    }

    @Test
    void resumingATornVectorRepairsItOnDisk() throws Exception {
        Path index = Vectors.expand("h264-torn-zeroed", dir);
        try (TrackWriter w = TrackWriter.resume(index)) {
            assertThat(w.entryCount()).isEqualTo(53);
            assertThat(w.size()).isEqualTo(115696);
            w.append(w.lastPts() + 409, nal(0x41, 50), 4);
        }
        try (TrackReader r = TrackReader.open(index, true)) {
            assertThat(r.recovery().closedCleanly()).isTrue();
            assertThat(r.entryCount()).isEqualTo(54);
            assertThat(r.packetsEnd()).isEqualTo(115696 + 54);
            assertThat(r.readIndex(0, 53)).isEqualTo(referenceEntries());
        }
    }

    private List<IndexEntry> referenceEntries() {
        List<IndexEntry> out = new ArrayList<>();
        for (Vectors.Line l : Vectors.lines("h264-torn-zeroed")) out.add(new IndexEntry(l.pts(), l.location(), l.flags()));
        return out;
    }
}
