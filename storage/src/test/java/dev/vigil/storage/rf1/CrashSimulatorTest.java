package dev.vigil.storage.rf1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded crash simulator in the style of Lucene's {@code MockDirectoryWrapper}: it records a
 * synthetic H.264 stream with a real {@link TrackWriter}, "pulls the plug" at a random point, and
 * checks that recovery returns exactly the valid prefix, with intact payloads, and that the track
 * can be resumed.
 *
 * <p><b>What a power cut can leave.</b> The writer appends packet bytes to the .rf1p as its buffer
 * fills, keeps index entries in memory until {@code flush()}, and then writes the remaining packet
 * bytes, fdatasyncs the .rf1p, writes the entries and a fresh sentinel to the .rf1i and fdatasyncs
 * it. Written past the page cache ({@link PacketsFile}), a flush also writes the partial last block
 * of the packets again, its durable bytes unchanged and zeros after them. So no injection seam is needed: the test snapshots both files after every completed flush
 * (the durable state D) and reads them at the crash point (what the OS has, C), and {@link
 * PowerCut} mixes the two per 512-byte sector wherever they differ. The crash points:
 * <ul>
 *   <li>{@link Mode#BETWEEN_APPENDS}: the packets written since the last flush are unsynced; the
 *       index is D (entries are not written between flushes, which is checked);
 *   <li>{@link Mode#DURING_INDEX_WRITE}: inside a flush, after the packets fdatasync, while the
 *       index is being written: the packets are the post-flush content and durable, the index is
 *       torn between its pre-flush (D) and post-flush (C) content;
 *   <li>{@link Mode#BETWEEN_HALVES}: inside a group flush ({@link TrackWriter#writeOut()}, a sync
 *       of the file system, {@link TrackWriter#writeIndex()}, a sync), after the first sync: the
 *       packets written out are durable, the index is D, and appends since are unsynced;
 *   <li>{@link Mode#AFTER_FLUSH}: nothing is unsynced;
 *   <li>{@link Mode#DURING_CLOSE}: after close's flush, while it writes {@code indexCount} into the
 *       header and trims both files: the header sector and each file's size may be old or new.
 * </ul>
 * Half the time the recovered track is resumed, recorded on and crashed again (up to three lives),
 * sometimes inside {@code resume} itself while it writes its repair of the index; a resumed writer
 * overwrites packet bytes that a power cut may leave stale, so those sectors come back old or new.
 * The last life is resumed and closed cleanly.
 *
 * <p><b>What can and cannot be detected.</b> RF1 has no checksums: a bit flip inside an index entry
 * that keeps pts monotonic and the flags plausible cannot be told from a real entry, and a flipped
 * byte inside a payload cannot be told from a real one. Damage is therefore applied only where it
 * models reality for this protocol:
 * <ul>
 *   <li>the packets file's unsynced tail gets every outcome, bit flips and garbage included, and
 *       may be cut short: no durable entry points there, so recovery must simply not care;
 *   <li>the torn index write gets whole sectors that reached the disk or did not, zeros, and
 *       whole-sector garbage, but no bit flips inside the entries being written (undetectable);
 *       garbage sectors are drawn so that none of their 8-byte slots has flags a real entry or
 *       sentinel can have (0, 4, 5 or 6): a slot that does is, for the reader, an entry, and which
 *       location it lends the entry before it is anyone's guess. Random garbage does so in about
 *       1 slot of 1000; the rest is detectable and must be detected;
 *   <li>never-written index bytes (the preallocated zeros after the sentinel) get bit flips: a
 *       flipped bit right after the sentinel makes a scan read on past it;
 *   <li>a sector that held durable data gets only its old or its new content (sector writes are
 *       atomic), so the header and the durable entries are never damaged, the index is never cut
 *       short of them (it is preallocated and synced at creation; only close trims it, to exactly
 *       its entries), and the packets file is cut only inside its unsynced tail.
 * </ul>
 * The last two kinds are what {@code TrackLoader}'s garbage rules are for: a sentinel ends a scan
 * whatever follows it, and an entry whose next slot cannot be an entry has no length.
 * The expected result is computed from the ground truth by {@link ExpectedPrefix}; the protocol's
 * promise is that it always holds every entry appended before the last completed flush, which is
 * checked too. The test flushes only between access units, as a recorder does: a flush in the
 * middle of one would make its first NAL units durable without the rest, and no reader can tell.
 *
 * <p><b>Replaying.</b> Every failure names its seed; {@code -Dcrash.seed=<seed>} runs just that one.
 * {@code -Dcrash.iterations=100000} runs a long campaign ({@code -Dcrash.base=<n>} picks another
 * range of seeds, {@code -Dcrash.dir=/dev/shm} writes the tracks to a tmpfs).
 */
class CrashSimulatorTest {
    private static final int ITERATIONS = Integer.getInteger("crash.iterations", 300);
    private static final long BASE = Long.getLong("crash.base", 0x5EED_0000L);
    private static final Long ONE_SEED = Long.getLong("crash.seed");

    enum Mode { BETWEEN_APPENDS, DURING_INDEX_WRITE, BETWEEN_HALVES, AFTER_FLUSH, DURING_CLOSE }

    /** How often each kind of damage occurred, printed so that a run shows what it covered. */
    static final class Tally {
        private int crashes;
        private int entriesLost;
        private int cut;
        private int garbage;
        private int flipped;
        private int neverWrittenFlipped;

        void count(int expected, CrashImage image) {
            crashes++;
            if (expected < image.written()) entriesLost++;
            if (image.story().contains("cut at")) cut++;
            if (image.story().contains("GARBAGE")) garbage++;
            if (image.story().contains("FLIPPED")) flipped++;
            if (image.story().contains("flipped bits at ")) neverWrittenFlipped++;
        }

        @Override
        public String toString() {
            return crashes + " crashes in all, written entries lost in " + entriesLost + ", packets cut in " + cut + ", garbage sectors in " + garbage
                    + ", flipped sectors in " + flipped + ", never-written index bits flipped in " + neverWrittenFlipped;
        }
    }

    /** The damaged files, and what the protocol promises about them. */
    record CrashImage(FileImage index, FileImage packets, int durable, int written, String story) {}

    private static final PowerCut.Policy PACKETS = new PowerCut.Policy(true, true, true, sector -> true);
    private static final PowerCut.Policy INDEX = new PowerCut.Policy(false, false, true, CrashSimulatorTest::noSlotLooksReal);

    @TempDir
    Path tmp;

    @Test
    void everyCrashRecoversExactlyTheValidPrefixAndResumes() throws Exception {
        int[] modes = new int[Mode.values().length];
        Tally tally = new Tally();
        int n = ONE_SEED != null ? 1 : ITERATIONS;
        for (int i = 0; i < n; i++) {
            long seed = ONE_SEED != null ? ONE_SEED : BASE + i;
            Path dir = scratch().resolve(Long.toString(seed));
            try {
                modes[crashOnce(seed, dir, tally).ordinal()]++;
            } catch (AssertionError | Exception e) {
                throw new AssertionError("seed " + seed + " (replay with -Dcrash.seed=" + seed + "): " + e.getMessage(), e);
            } finally {
                deleteTree(dir);
            }
        }
        System.out.printf("crash simulator: %d seeds, first crash points %s; %s%n", n, Arrays.toString(modes), tally);
        // Every crash point was reached, so a change in the generator cannot quietly skip one.
        if (n >= 30) assertThat(modes).as("crashes per mode").doesNotContain(0);
    }

    /**
     * Damage no power cut causes (a garbled header, garbage or flipped bits anywhere in the index, a
     * cut index, a lost packets file) may cost entries, but recovery still either returns entries
     * that hold together or refuses with an IOException naming the file; never anything else.
     */
    @Test
    void damageBeyondThePowerCutModelIsRepairedOrAClearError() throws Exception {
        int n = ONE_SEED != null ? 1 : Math.max(1, ITERATIONS / 4);
        for (int i = 0; i < n; i++) {
            long seed = ONE_SEED != null ? ONE_SEED : BASE + 1_000_000_000L + i;
            Path dir = scratch().resolve("x" + seed);
            try {
                mangleOnce(seed, dir);
            } catch (AssertionError | Exception e) {
                throw new AssertionError("seed " + seed + " (replay with -Dcrash.seed=" + seed + "): " + e.getMessage(), e);
            } finally {
                deleteTree(dir);
            }
        }
    }

    private void mangleOnce(long seed, Path dir) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        SyntheticH264 stream = new SyntheticH264(rng, 0);
        Recording rec = Recording.start(dir, 1_704_067_200_000_000L);
        try {
            for (int aus = rng.nextInt(1, 12); aus > 0; aus--) {
                rec.append(stream.nextAccessUnit());
                if (rng.nextBoolean()) rec.flush();
            }
            rec.flush();
        } finally {
            rec.writer.abandon();
        }
        FileImage before = rec.currentIndex();
        byte[] index = before.head().clone();
        String what;
        switch (rng.nextInt(4)) {
            case 0 -> {
                int cut = rng.nextInt(0, 48);
                index = Arrays.copyOf(index, cut);
                what = "index cut to " + cut;
            }
            case 1 -> {
                for (int k = rng.nextInt(1, 6); k > 0; k--) index[rng.nextInt(TrackHeader.BYTES)] ^= (byte) (1 << rng.nextInt(8));
                what = "header bits flipped";
            }
            case 2 -> {
                for (int k = rng.nextInt(1, 20); k > 0; k--) index[rng.nextInt(index.length)] ^= (byte) (1 << rng.nextInt(8));
                what = "index bits flipped anywhere";
            }
            default -> {
                int sector = rng.nextInt(index.length / FileImage.SECTOR);
                byte[] garbage = new byte[FileImage.SECTOR];
                rng.nextBytes(garbage);
                System.arraycopy(garbage, 0, index, sector * FileImage.SECTOR, FileImage.SECTOR);
                what = "index sector " + sector + " garbage";
            }
        }
        new FileImage(index.length < before.head().length ? index.length : before.length(), index).write(rec.files.index());
        if (rng.nextInt(10) == 0) {
            Files.delete(rec.files.packets());
            what += ", packets file lost";
        }

        try (TrackReader r = TrackReader.open(rec.files.index())) {
            long previousEnd = 0;
            for (int i = 0; i < r.entryCount(); i++) {
                assertThat(r.location(i)).as("entry %d starts where the one before ends: %s", i, what).isEqualTo(previousEnd);
                assertThat(r.length(i)).as("entry %d: %s", i, what).isPositive();
                if (i > 0) assertThat(r.pts(i)).as("pts of entry %d: %s", i, what).isGreaterThanOrEqualTo(r.pts(i - 1));
                previousEnd += r.length(i);
            }
            assertThat(r.packetsEnd()).as(what).isEqualTo(previousEnd).isLessThanOrEqualTo(Files.size(rec.files.packets()));
            r.readPayload(0, r.entryCount());
        } catch (IOException e) {
            assertClear(e, rec.files, what);
        } catch (RuntimeException e) {
            throw new AssertionError("open threw " + e + "; " + what, e);
        }
        try (TrackWriter w = TrackWriter.resume(rec.files.index())) {
            for (SyntheticH264.Nal nal : stream.nextAccessUnit()) w.append(Math.max(nal.pts(), w.lastPts()), ByteBuffer.wrap(nal.bytes()), nal.flags());
        } catch (IOException e) {
            assertClear(e, rec.files, what);
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("resume threw " + e + "; " + what, e);
        }
        try (TrackReader r = TrackReader.open(rec.files.index(), true)) {
            // A flipped codec bit (h264 -> h265) makes the H.264 units appended after resume mismatch their flags.
            if (r.codec() == Codec.H264)
                assertThat(r.recovery().closedCleanly()).as("after resume (%s, header %s): %s", r.recovery(), r.header(), what).isTrue();
        }
    }

    private static void assertClear(IOException e, TrackFiles files, String what) {
        assertThat(e.getMessage()).as("%s names the file: %s", e, what)
                .containsAnyOf(files.index().getFileName().toString(), files.packets().getFileName().toString());
    }

    /**
     * Runs one seeded recording, crash and recovery; then, sometimes, resumes the recovered track and
     * crashes it again (also inside {@code resume} itself), up to three times; finally resumes and
     * closes it. Returns the first crash point used.
     */
    private Mode crashOnce(long seed, Path dir, Tally tally) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        Mode first = Mode.values()[rng.nextInt(Mode.values().length)];
        // Starting at pts 0 half the time covers a first access unit whose pts is all zero bits.
        SyntheticH264 stream = new SyntheticH264(rng, rng.nextBoolean() ? 0 : rng.nextInt(1, 50_000));
        // Lives alternate between packets written past the page cache and through it (PacketsFile),
        // so a track resumed in the other mode is covered too.
        Recording rec = Recording.start(dir.resolve("life0"), 1_704_067_200_000_000L, direct(seed, 0));
        Mode mode = first;
        String history = "";
        for (int life = 1; ; life++) {
            CrashImage image;
            try {
                int flushEvery = rng.nextInt(1, 8);
                for (int aus = rng.nextInt(0, 30); aus > 0; aus--) {
                    rec.append(stream.nextAccessUnit());
                    if (rng.nextInt(flushEvery) == 0) flush(rec, stream, rng);
                }
                image = crash(mode, rec, stream, rng);
            } finally {
                rec.writer.abandon();
            }
            history += (life > 1 ? " / then " : "") + mode;
            TrackFiles damaged = TrackFiles.of(Files.createDirectories(dir.resolve("life" + life)), Recording.BASE, Recording.TRACK);
            int expected = check(image, rec, damaged, history, tally);
            if (life == 3 || rng.nextBoolean()) {
                resumeAndCheck(damaged, rec, expected, stream, rng, history + ": " + image.story());
                return first;
            }
            List<Long> prefix = rec.entries.subList(0, expected);
            List<byte[]> stored = rec.stored.subList(0, expected);
            long extent = image.packets().head().length;
            if (rng.nextInt(3) == 0) {
                // A crash inside resume, while it writes the repaired index: the prefix stays the prefix.
                Recording resumed = Recording.resume(damaged, prefix, stored, extent, direct(seed, life));
                resumed.writer.abandon();
                PowerCut.Result index = PowerCut.apply(image.index(), resumed.durableIndex, INDEX, rng);
                CrashImage torn = new CrashImage(index.image(), image.packets(), expected, expected, "index: " + index.story());
                history += " / then inside resume";
                damaged = TrackFiles.of(Files.createDirectories(dir.resolve("life" + life + "r")), Recording.BASE, Recording.TRACK);
                assertThat(check(torn, resumed, damaged, history, tally)).as("prefix after a crash inside resume: %s", history).isEqualTo(expected);
            }
            rec = Recording.resume(damaged, prefix, stored, extent, direct(seed, life));
            mode = Mode.values()[rng.nextInt(Mode.values().length)];
        }
    }

    /**
     * A flush of either kind: the track's own, or a group flush, two times in five with one or two
     * access units appended between its halves, as a camera's frames keep coming while the others
     * write out.
     */
    private static void flush(Recording rec, SyntheticH264 stream, SplittableRandom rng) throws IOException {
        if (rng.nextBoolean()) {
            rec.flush();
            return;
        }
        rec.writeOut();
        for (int aus = rng.nextInt(-2, 3); aus > 0; aus--) rec.append(stream.nextAccessUnit());
        rec.writeIndex();
    }

    private static boolean direct(long seed, int life) {
        return ((seed + life) & 1) == 0;
    }

    /** Writes the damaged files, checks what a reader recovers from them; returns the valid prefix. */
    private static int check(CrashImage image, Recording rec, TrackFiles damaged, String history, Tally tally) throws IOException {
        image.index().write(damaged.index());
        image.packets().write(damaged.packets());
        int expected = ExpectedPrefix.of(rec.entries, rec.stored, image.written(), image.index(), image.packets());
        String what = history + ", " + rec.entries.size() + " appended, " + image.durable() + " durable, " + image.written()
                + " in the index written, expected " + expected + "; " + image.story();
        assertThat(image.index().length()).as("the index holds at least the header and the entries flushed: %s", what)
                .isGreaterThanOrEqualTo(ExpectedPrefix.slot(image.durable() + 1));
        assertThat(expected).as("the protocol keeps every entry flushed before the crash: %s", what).isGreaterThanOrEqualTo(image.durable());

        try (TrackReader r = open(damaged, what)) {
            assertPrefix(r, rec, expected, what);
            assertThat(r.packetsEnd()).as("end of valid packet data: %s", what).isEqualTo(rec.end(expected));
        }
        tally.count(expected, image);
        return expected;
    }

    private CrashImage crash(Mode mode, Recording rec, SyntheticH264 stream, SplittableRandom rng) throws IOException {
        CrashImage image = switch (mode) {
            case BETWEEN_APPENDS -> {
                // Enough unflushed data to pass the writer's 128 KiB buffer, often.
                for (long want = rng.nextLong(0, 600_000); rec.unflushedBytes() < want; ) rec.append(stream.nextAccessUnit());
                if (rng.nextBoolean()) {
                    List<SyntheticH264.Nal> au = stream.nextAccessUnit();
                    rec.append(au.subList(0, rng.nextInt(1, au.size() + 1)));  // the crash may split an access unit
                }
                FileImage index = rec.currentIndex();
                assertThat(index.sameBytes(rec.durableIndex)).as("the index does not change between flushes").isTrue();
                try (TrackReader live = TrackReader.open(rec.files.index())) {
                    assertPrefix(live, rec, rec.flushed, "a reader of the live segment sees exactly the flushed prefix");
                }
                PowerCut.Result packets = PowerCut.apply(rec.durablePackets, rec.currentPackets(), PACKETS, rng);
                yield new CrashImage(index, packets.image(), rec.flushed, rec.flushed, "packets: " + packets.story());
            }
            case DURING_INDEX_WRITE -> {
                int durable = rec.flushed;
                FileImage before = rec.durableIndex;
                // Batches from one entry to a few sectors' worth of them.
                for (int want = rng.nextInt(1, 200); rec.entries.size() - durable < want; ) rec.append(stream.nextAccessUnit());
                if (rng.nextBoolean()) {
                    rec.flush();
                    PowerCut.Result index = PowerCut.apply(before, rec.durableIndex, INDEX, rng);
                    yield new CrashImage(index.image(), rec.durablePackets, durable, rec.flushed, "index: " + index.story());
                }
                // A group flush's index write, before its second sync: what was appended between
                // the halves, written out or not, is unsynced; the marked packets are durable.
                rec.writeOut();
                FileImage packetsAtSync = rec.durablePackets;
                for (long want = rng.nextLong(0, 300_000), at = rec.size; rec.size - at < want; ) rec.append(stream.nextAccessUnit());
                rec.writeIndex();
                PowerCut.Result index = PowerCut.apply(before, rec.durableIndex, INDEX, rng);
                PowerCut.Result packets = PowerCut.apply(packetsAtSync, rec.durablePackets, PACKETS, rng);
                yield new CrashImage(index.image(), packets.image(), durable, rec.flushed,
                        "group flush, index: " + index.story() + "; packets: " + packets.story());
            }
            case BETWEEN_HALVES -> {
                if (rng.nextBoolean()) rec.append(stream.nextAccessUnit());
                rec.writeOut();
                for (long want = rng.nextLong(0, 300_000), at = rec.size; rec.size - at < want; ) rec.append(stream.nextAccessUnit());
                FileImage index = rec.currentIndex();
                assertThat(index.sameBytes(rec.durableIndex)).as("the first half of a group flush leaves the index alone").isTrue();
                PowerCut.Result packets = PowerCut.apply(rec.durablePackets, rec.currentPackets(), PACKETS, rng);
                yield new CrashImage(index, packets.image(), rec.flushed, rec.flushed, "between a group flush's halves, packets: " + packets.story());
            }
            case AFTER_FLUSH -> {
                rec.append(stream.nextAccessUnit());
                rec.flush();
                yield new CrashImage(rec.durableIndex, rec.durablePackets, rec.flushed, rec.flushed, "clean");
            }
            case DURING_CLOSE -> {
                // close() flushes, then writes indexCount into the header and trims both files
                // before its fdatasyncs: any of those may be lost, the flushed entries may not.
                if (rng.nextBoolean()) rec.append(stream.nextAccessUnit());
                rec.flush();
                rec.writer.close();
                PowerCut.Result index = PowerCut.apply(rec.durableIndex, rec.currentIndex(), INDEX, rng);
                PowerCut.Result packets = PowerCut.apply(rec.durablePackets, rec.currentPackets(), PACKETS, rng);
                yield new CrashImage(index.image(), packets.image(), rec.flushed, rec.flushed,
                        "index: " + index.story() + "; packets: " + packets.story());
            }
        };
        if (rng.nextInt(3) == 0) {
            // Never-written bytes after the newest sentinel the index may hold.
            PowerCut.Result flipped = PowerCut.flipNeverWritten(image.index(), ExpectedPrefix.slot(image.written() + 1), rng);
            image = new CrashImage(flipped.image(), image.packets(), image.durable(), image.written(), image.story() + "; index: " + flipped.story());
        }
        return image;
    }

    /** Opens a reader: recovery may refuse a track with a clear IOException, never with anything else. */
    private static TrackReader open(TrackFiles files, String what) {
        try {
            return TrackReader.open(files.index());
        } catch (IOException e) {
            assertThat(e.getMessage()).as("error names the file: %s", what).contains(files.index().getFileName().toString());
            // The header is never damaged here and the durable entries must come back: refusing is wrong too.
            throw new AssertionError("recovery refused the track: " + e + "; " + what, e);
        } catch (RuntimeException e) {
            throw new AssertionError("recovery threw " + e + "; " + what, e);
        }
    }

    private static void assertPrefix(TrackReader r, Recording rec, int n, String what) throws IOException {
        assertThat(r.entryCount()).as("recovered entries (%s): %s", r.recovery(), what).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(r.packedEntry(i)).as("entry %d: %s", i, what).isEqualTo(rec.entries.get(i));
            assertThat(bytes(r.readPayload(i, i + 1))).as("payload of entry %d: %s", i, what).isEqualTo(rec.stored.get(i));
        }
    }

    /** Resumes the damaged track, appends more, closes, and reads it all back. */
    private static void resumeAndCheck(TrackFiles files, Recording rec, int kept, SyntheticH264 stream, SplittableRandom rng, String what)
            throws IOException {
        List<Long> entries = new ArrayList<>(rec.entries.subList(0, kept));
        List<byte[]> stored = new ArrayList<>(rec.stored.subList(0, kept));
        long end = rec.end(kept);
        try (TrackWriter w = TrackWriter.resume(files.index(), rng.nextBoolean())) {
            assertThat(w.entryCount()).as("resumed entries: %s", what).isEqualTo(kept);
            for (int aus = rng.nextInt(1, 8); aus > 0; aus--) {
                for (SyntheticH264.Nal nal : stream.nextAccessUnit()) {
                    w.append(nal.pts(), ByteBuffer.wrap(nal.bytes()), nal.flags());
                    byte[] b = nal.stored();
                    entries.add(IndexEntry.pack(nal.pts(), end, nal.flags()));
                    stored.add(b);
                    end += b.length;
                }
                if (rng.nextBoolean()) w.flush();
            }
        } catch (RuntimeException e) {
            throw new AssertionError("resume threw " + e + "; " + what, e);
        }
        String after = "after resume and close: " + what;
        try (TrackReader r = TrackReader.open(files.index(), true)) {
            assertThat(r.recovery().closedCleanly()).as(after).isTrue();
            assertThat(r.entryCount()).as(after).isEqualTo(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                assertThat(r.packedEntry(i)).as("entry %d %s", i, after).isEqualTo(entries.get(i));
                assertThat(bytes(r.readPayload(i, i + 1))).as("payload of entry %d %s", i, after).isEqualTo(stored.get(i));
            }
            assertThat(r.packetsEnd()).as(after).isEqualTo(end);
        }
        assertThat(Files.size(files.index())).as("index trimmed " + after).isEqualTo(ExpectedPrefix.slot(entries.size() + 1));
        assertThat(Files.size(files.packets())).as("packets trimmed " + after).isEqualTo(end);
    }

    /** Garbage a reader can tell from an entry: no 8-byte slot has flags an entry or a sentinel can have. */
    private static boolean noSlotLooksReal(byte[] sector) {
        for (int i = 0; i + IndexEntry.BYTES <= sector.length; i += IndexEntry.BYTES) {
            int flags = (sector[i] & 0xFF) | (sector[i + 1] & 0x0F) << 8;
            if (flags == 0 || flags == (Rf1Flags.ANNEX_B) || flags == (Rf1Flags.ANNEX_B | Rf1Flags.KEY_FRAME)
                    || flags == (Rf1Flags.ANNEX_B | Rf1Flags.ESSENTIAL)) return false;
        }
        return true;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @AfterEach
    void removeScratch() throws IOException {
        if (System.getProperty("crash.dir") != null) deleteTree(scratch());
    }

    /**
     * Where the tracks are written: the test's temporary directory, or {@code -Dcrash.dir} for long
     * runs (a tmpfs such as /dev/shm spares the disk the fsyncs; the crash is simulated either way).
     */
    private Path scratch() throws IOException {
        String dir = System.getProperty("crash.dir");
        return dir == null ? tmp : Files.createDirectories(Path.of(dir, "vigil-crash-" + ProcessHandle.current().pid()));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }
}
