package dev.vigil.storage.rf1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Written through the page cache (where direct I/O cannot be had), durable packet bytes leave it;
 * bytes not yet dropped stay. Residency read with mincore.
 */
class PageCacheTest {
    static final int NAL = 100_000;

    @TempDir
    Path dir;

    @BeforeEach
    void onADiskFileSystem() throws Exception {
        // tmpfs pages are the file itself: the kernel cannot drop them, and need not.
        assumeFalse(Files.getFileStore(dir).type().equals("tmpfs"), "temporary directory is on tmpfs");
    }

    TrackWriter create() throws Exception {
        return TrackWriter.create(TrackFiles.of(dir, "1", "video"), TrackHeader.video(Codec.H264, 90_000, 320, 240), false);
    }

    void append(TrackWriter w, int count) throws Exception {
        SplittableRandom random = new SplittableRandom(count);
        byte[] b = new byte[NAL];
        for (int i = 0; i < count; i++) {
            random.nextBytes(b);
            b[0] = 0x41;
            w.append(w.entryCount(), ByteBuffer.wrap(b), Rf1Flags.ANNEX_B);
        }
    }

    @Test
    void durablePacketBytesAreDroppedOnceAStepMoreIsOnDisk() throws Exception {
        try (TrackWriter w = create()) {
            Path packets = w.files().packets();
            append(w, 10); // 1 MB: less than a step
            w.flush();
            assertThat(resident(packets, 0, w.size() / 4096 * 4096)).as("under a step, nothing is dropped").isTrue();

            append(w, 20); // 3 MB in all: past the step
            w.flush();
            long end = w.size();
            assertThat(residentPages(packets, 0, end / 4096 * 4096 - 4096)).as("every durable page but the last").isZero();

            append(w, 3); // written, flushed, but not a step since the drop
            w.flush();
            assertThat(resident(packets, end, w.size() - end)).as("durable since the drop, less than a step").isTrue();
        }
    }

    @Test
    void closingDropsTheRest() throws Exception {
        Path packets;
        try (TrackWriter w = create()) {
            packets = w.files().packets();
            append(w, 5);
            w.flush();
            assertThat(resident(packets, 0, w.size())).isTrue();
        }
        assertThat(residentPages(packets, 0, Files.size(packets) / 4096 * 4096)).isZero();
    }

    /** How many of the 4 KiB pages of {@code [offset, offset + length)} are in the page cache. */
    static int residentPages(Path file, long offset, long length) throws Exception {
        int n = 0;
        for (long at = offset; at < offset + length; at += 4096) if (resident(file, at, 4096)) n++;
        return n;
    }

    /** Whether every page of {@code [offset, offset + length)} is in the page cache (mincore, no faults). */
    static boolean resident(Path file, long offset, long length) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, offset, length).isLoaded();
        }
    }
}
