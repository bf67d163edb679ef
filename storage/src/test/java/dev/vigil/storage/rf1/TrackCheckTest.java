package dev.vigil.storage.rf1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.storage.rf1.TrackCheck.Finding;
import dev.vigil.storage.rf1.TrackCheck.Severity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Each corruption is written at an exact offset of a copy of a reference vector. */
class TrackCheckTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @FieldSource("dev.vigil.storage.rf1.Vectors#CLEAN")
    void cleanVectorsHaveNoFindings(String name) throws Exception {
        assertThat(TrackCheck.check(Vectors.expand(name, tmp))).isEmpty();
    }

    @Test
    void eitherFileNamesTheTrack() throws Exception {
        Path index = Vectors.expand("h264-clean", tmp);
        assertThat(TrackCheck.check(TrackFiles.fromEither(index).packets())).isEmpty();
    }

    @Test
    void crashVectorIsOnlyAnOpenSegment() throws Exception {
        assertThat(TrackCheck.check(Vectors.expand("h264-crash", tmp)))
                .containsExactly(new Finding(Severity.WARNING, "open segment (not closed cleanly): 56 entries recoverable"));
    }

    @Test
    void tornVectorsLoseTheirTail() throws Exception {
        assertThat(only(TrackCheck.check(Vectors.expand("h264-torn-zeroed", tmp)), Severity.PROBLEM))
                .contains("open segment", "3 of 56 entries lost", "entry 53", "no start code");
        assertThat(only(TrackCheck.check(Vectors.expand("h264-torn-short", tmp)), Severity.PROBLEM))
                .contains("2 of 56 entries lost", "entry 54", "past the valid packet data");
    }

    @Test
    void keyFrameFlagClearedOnAnIdrSlice() throws Exception {
        Path index = clean();
        long e = entry(index, 15);  // the IDR slice of the second GOP, after its SPS and PPS at 13, 14
        assertThat(IndexEntry.flagsOf(e)).isEqualTo(5);
        putEntry(index, 15, e & ~Rf1Flags.KEY_FRAME);
        // Entry 15 goes, and with it 13 and 14, the start of the same access unit.
        assertThat(only(TrackCheck.check(index), Severity.PROBLEM))
                .contains("132 of 145 entries lost", "entry 15 has flags 4 but its NAL unit calls for 5");
    }

    @Test
    void decreasingPts() throws Exception {
        Path index = clean();
        long e = entry(index, 20);
        int before = IndexEntry.ptsOf(entry(index, 19));
        putEntry(index, 20, IndexEntry.pack(before - 1, IndexEntry.locationOf(e), IndexEntry.flagsOf(e)));
        // Entry 19's length comes from entry 20's location, which cannot be trusted either: 19 goes too.
        assertThat(only(TrackCheck.check(index), Severity.PROBLEM)).contains("126 of 145",
                "entry 19 is followed by garbage (pts " + (before - 1) + ", flags 4)");
    }

    @Test
    void firstEntryNotAtLocationZero() throws Exception {
        Path index = clean();
        long e = entry(index, 0);
        putEntry(index, 0, IndexEntry.pack(IndexEntry.ptsOf(e), 4, IndexEntry.flagsOf(e)));
        assertThat(only(TrackCheck.check(index), Severity.PROBLEM)).contains("145 of 145 entries lost", "entry 0 starts at 4, not 0");
    }

    @Test
    void locationThatDoesNotIncrease() throws Exception {
        Path index = clean();
        long e = entry(index, 40);
        long previous = IndexEntry.locationOf(entry(index, 39));
        putEntry(index, 40, IndexEntry.pack(IndexEntry.ptsOf(e), previous, IndexEntry.flagsOf(e)));
        assertThat(only(TrackCheck.check(index), Severity.PROBLEM)).contains("entry 39 has no length");
    }

    @Test
    void closedEmptyTrack() throws Exception {
        TrackFiles files = TrackFiles.of(tmp, "1704067200123", "video");
        TrackWriter.create(files, TrackHeader.video(Codec.H264, 1704067200123456L, 320, 240)).close();
        assertThat(TrackCheck.check(files.index())).containsExactly(new Finding(Severity.WARNING, "empty track: closed with no entries"));
    }

    @Test
    void payloadWithoutStartCode() throws Exception {
        Path index = clean();
        long location = IndexEntry.locationOf(entry(index, 30));
        write(TrackFiles.fromEither(index).packets(), location, ByteBuffer.wrap(new byte[] {7, 7, 7, 7}));
        assertThat(only(TrackCheck.check(index), Severity.PROBLEM)).contains("entry 30 payload at " + location + " has no start code");
    }

    @Test
    void untrimmedPacketsFile() throws Exception {
        Path packets = TrackFiles.fromEither(clean()).packets();
        long size = Files.size(packets);
        write(packets, size, ByteBuffer.allocate(100));
        assertThat(only(TrackCheck.check(packets), Severity.PROBLEM))
                .isEqualTo("packets file not trimmed: " + (size + 100) + " bytes, but the data ends at " + size + " (the sentinel)");
    }

    @Test
    void packetsFileShorterThanTheIndexSays() throws Exception {
        Path index = clean();
        Path packets = TrackFiles.fromEither(index).packets();
        long size = Files.size(packets);
        try (FileChannel ch = FileChannel.open(packets, StandardOpenOption.WRITE)) {
            ch.truncate(size - 1);
        }
        // The size, and the last access unit that no longer fits.
        assertThat(TrackCheck.check(index)).extracting(Finding::message).satisfiesExactly(
                m -> assertThat(m).contains("shorter than the " + size + " the index covers"),
                m -> assertThat(m).contains("entries lost", "past the valid packet data"));
    }

    @Test
    void indexLongerThanCountAndSentinel() throws Exception {
        Path index = clean();
        write(index, Files.size(index), ByteBuffer.allocate(8));
        assertThat(only(TrackCheck.check(index), Severity.PROBLEM)).isEqualTo("index file is 1208 bytes, but indexCount 145 calls for exactly 1200 (header, entries, sentinel)");
    }

    @Test
    void indexCutBeforeItsSentinel() throws Exception {
        Path index = clean();
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.WRITE)) {
            ch.truncate(1192);
        }
        // Too short for its count, the index is scanned: its last entry has no sentinel after it.
        assertThat(TrackCheck.check(index)).extracting(Finding::message).satisfiesExactly(
                m -> assertThat(m).contains("index file is 1192 bytes", "calls for exactly 1200"),
                m -> assertThat(m).contains("entries lost", "entry 144 ends the index without a sentinel"));
    }

    @Test
    void sentinelWithPtsAndFlags() throws Exception {
        Path index = clean();
        long sentinel = entry(index, 145);
        putEntry(index, 145, IndexEntry.pack(7, IndexEntry.locationOf(sentinel), 1));
        // Two facts: the sentinel is wrong, and so the last entry's length cannot be trusted.
        assertThat(TrackCheck.check(index)).extracting(TrackCheck.Finding::message).containsExactly(
                "sentinel (entry 145) has pts 7 and flags 1; both must be 0",
                "1 of 145 entries lost (readers keep only the valid prefix): entry 144 is followed by garbage (pts 7, flags 1), so has no length");
    }

    @Test
    void nonZeroReservedHeaderFields() throws Exception {
        assertThat(only(checkWithHeaderInt(8, 1), Severity.PROBLEM)).contains("header flags are 0x1", "reserved");
        assertThat(only(checkWithHeaderInt(12, 0x100), Severity.PROBLEM)).contains("header codecFlags are 0x100", "reserved");
        Path index = clean();
        write(index, 30, ByteBuffer.wrap(new byte[] {0, 2}));
        assertThat(only(TrackCheck.check(index), Severity.PROBLEM)).contains("reserved header bytes 30..31 are 0x200");
    }

    @Test
    void zeroPictureSize() throws Exception {
        Path index = clean();
        write(index, 26, ByteBuffer.wrap(new byte[] {0, 0}));
        assertThat(only(TrackCheck.check(index), Severity.PROBLEM)).contains("picture size 0x240", "non-zero");
    }

    @Test
    void notAnRf1Index() throws Exception {
        Path index = clean();
        write(index, 0, ByteBuffer.wrap("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertThat(only(TrackCheck.check(index), Severity.PROBLEM)).isEqualTo("not an RF1 index: magic 'RIFF' codec 'h264'");
    }

    @Test
    void headerCountLeavingNoRoomForTheSentinel() throws Exception {
        Path index = clean();
        write(index, 24, ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF}));
        assertThat(only(TrackCheck.check(index), Severity.PROBLEM)).contains("65535");
    }

    @Test
    void scannedIndexWithMoreEntriesThanFit() throws Exception {
        // An open index whose every slot is taken: 65536 entries found, no room for a sentinel.
        Path index = clean();
        write(index, 24, ByteBuffer.allocate(2));
        ByteBuffer fill = ByteBuffer.allocate((int) (TrackCheck.INDEX_FILE_MAX - 32)).order(ByteOrder.LITTLE_ENDIAN);
        while (fill.hasRemaining()) fill.putLong(IndexEntry.pack(0, 0, 6));
        write(index, 32, fill.flip());
        assertThat(TrackCheck.check(index)).extracting(Finding::message).anySatisfy(m -> assertThat(m).contains("exceed the limit of 65535"));
    }

    @Test
    void indexShorterThanItsHeader() throws Exception {
        Path index = clean();
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.WRITE)) {
            ch.truncate(20);
        }
        assertThat(only(TrackCheck.check(index), Severity.PROBLEM)).isEqualTo("index file is 20 bytes, shorter than its 32-byte header");
    }

    @Test
    void missingFiles() throws Exception {
        Path index = clean();
        TrackFiles files = TrackFiles.fromEither(index);
        Files.delete(files.packets());
        assertThat(only(TrackCheck.check(index), Severity.PROBLEM)).contains("packets file", "is missing");

        Path orphan = tmp.resolve("orphan_video.rf1p");
        Files.write(orphan, new byte[] {0, 0, 0, 1, 0x67});
        assertThat(only(TrackCheck.check(orphan), Severity.PROBLEM)).contains("index file orphan_video.rf1i is missing");

        assertThat(only(TrackCheck.check(tmp.resolve("notes.txt")), Severity.PROBLEM)).contains("not an RF1 track file");
        assertThat(only(TrackCheck.check(tmp.resolve("none_video.rf1i")), Severity.PROBLEM))
                .isEqualTo("no such track: neither none_video.rf1i nor none_video.rf1p exists");
    }

    @Test
    void openSegmentThatLostTheSentinelOfItsLastBatch() throws Exception {
        Path index = Vectors.expand("h264-crash", tmp);
        long sentinel = entry(index, 56);
        int lastPts = IndexEntry.ptsOf(entry(index, 55));
        // A torn batch: its first entry overwrote the old sentinel, nothing after it reached the disk.
        putEntry(index, 56, IndexEntry.pack(lastPts + 409, IndexEntry.locationOf(sentinel), 4));
        assertThat(only(TrackCheck.check(index), Severity.PROBLEM))
                .contains("open segment", "1 of 57 entries lost", "entry 56 ends the index without a sentinel");
    }

    @Test
    void segmentStartingWithAPFrameContinuesAGop() throws Exception {
        // SPS, PPS, SEI, then the P frames of the first GOP: what a hard roll in mid-GOP leaves.
        Path index = rewrite(IntStream.concat(IntStream.range(0, 3), IntStream.range(4, 40)).toArray());
        assertThat(only(TrackCheck.check(index), Severity.WARNING)).isEqualTo("continues a GOP (first picture is not a key frame): entry 3 at pts 409 needs earlier pictures");
    }

    @Test
    void segmentWithoutParameterSetsFirst() throws Exception {
        Path index = rewrite(IntStream.range(2, 40).toArray());  // SEI, IDR, ...: no SPS/PPS in front
        assertThat(only(TrackCheck.check(index), Severity.WARNING)).contains("does not start with essential metadata", "entry 0 has flags 4");
    }

    /** A copy of h264-clean. */
    private Path clean() throws IOException {
        return Vectors.expand("h264-clean", tmp);
    }

    /** The message of the only finding, which must have {@code severity}. */
    private static String only(List<Finding> findings, Severity severity) {
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).severity()).as(findings.get(0).message()).isEqualTo(severity);
        return findings.get(0).message();
    }

    private List<Finding> checkWithHeaderInt(int offset, int value) throws IOException {
        Path index = Vectors.expand("h264-clean", Files.createTempDirectory(tmp, "h"));
        write(index, offset, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value));
        return TrackCheck.check(index);
    }

    /** A new cleanly closed track of the given entries of h264-clean, with their pts and flags. */
    private Path rewrite(int[] entries) throws IOException {
        List<Vectors.Line> lines = Vectors.lines("h264-clean");
        ByteBuffer packets = Vectors.read(TrackFiles.fromEither(Vectors.expand("h264-clean", tmp)).packets());
        TrackFiles out = TrackFiles.of(Files.createDirectories(tmp.resolve("rewritten")), "1704067200123", "video");
        try (TrackWriter w = TrackWriter.create(out, TrackHeader.video(Codec.H264, 1704067200123456L, 320, 240))) {
            for (int i : entries) {
                Vectors.Line l = lines.get(i);
                ByteBuffer nal = packets.duplicate().position((int) l.location() + 4).limit((int) (l.location() + l.length())).slice();
                w.append(l.pts(), nal, l.flags());
            }
        }
        return out.index();
    }

    private static long entry(Path index, int i) throws IOException {
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            TrackLoader.readFully(ch, b, 32 + 8L * i, index);
            return b.getLong(0);
        }
    }

    private static void putEntry(Path index, int i, long packed) throws IOException {
        write(index, 32 + 8L * i, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, packed));
    }

    private static void write(Path file, long position, ByteBuffer bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) position += ch.write(bytes, position);
        }
    }
}
