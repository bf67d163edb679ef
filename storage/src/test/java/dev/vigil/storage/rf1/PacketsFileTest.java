package dev.vigil.storage.rf1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The packets file's bytes, written past the page cache and through it, and what each leaves cached. */
class PacketsFileTest {
    @TempDir
    Path dir;

    final byte[] data = new byte[3 << 20];

    {
        new SplittableRandom(7).nextBytes(data);
    }

    Path path() {
        return dir.resolve("1_video.rf1p");
    }

    static ByteBuffer slice(byte[] b, int from, int to) {
        return ByteBuffer.wrap(b, from, to - from);
    }

    @Test
    void onADiskFileSystemFootageIsWrittenDirect() throws Exception {
        String type = Files.getFileStore(dir).type();
        assumeTrue(Set.of("ext4", "xfs", "btrfs").contains(type), "temporary directory is on " + type);
        try (PacketsFile f = PacketsFile.create(path(), true)) {
            assertThat(f.direct()).isTrue();
        }
        try (PacketsFile f = PacketsFile.create(dir.resolve("2_video.rf1p"), false)) {
            assertThat(f.direct()).isFalse();
        }
    }

    /**
     * A file system that opens with O_DIRECT and then refuses the writes: the new file is written
     * through the page cache instead, from its first byte. (Aligned to 512 bytes where the JDK wants
     * the file system's 4096, the probe write fails in the JDK, as one to a disk of larger sectors
     * fails in the kernel.)
     */
    @Test
    void whenADirectWriteFailsTheNewFileIsWrittenBufferedInstead() throws Exception {
        String type = Files.getFileStore(dir).type();
        assumeTrue(Files.getFileStore(dir).getBlockSize() > 512, "blocks of 512 bytes on " + type);
        try (PacketsFile f = PacketsFile.createAligned(path(), 512)) {
            assertThat(f.direct()).isFalse();
            assertThat(Files.size(path())).isZero();
            f.put(slice(data, 0, 5000));
            f.sync(5000);
            f.trim(5000);
            assertThat(Files.readAllBytes(path())).isEqualTo(Arrays.copyOf(data, 5000));
        }
    }

    @ParameterizedTest(name = "direct I/O {0}")
    @ValueSource(booleans = {true, false})
    void aSyncWritesEverythingAndTheNextOneCompletesThePartialBlock(boolean direct) throws Exception {
        try (PacketsFile f = PacketsFile.create(path(), direct)) {
            f.put(slice(data, 0, 5000));
            f.sync(5000);
            byte[] onDisk = Files.readAllBytes(path());
            assertThat(Arrays.copyOf(onDisk, 5000)).isEqualTo(Arrays.copyOf(data, 5000));
            // Past the logical end, a direct write leaves zeros up to its block's end; buffered, nothing.
            if (f.direct()) {
                assertThat(onDisk.length % 512).isZero();
                assertThat(Arrays.copyOfRange(onDisk, 5000, onDisk.length)).containsOnly(0);
            } else {
                assertThat(onDisk).hasSize(5000);
            }

            // Several buffers' worth, in pieces that straddle the buffer's end.
            int at = 5000;
            for (int piece : new int[] {3, 100_000, 131_072, 70_001}) {
                f.put(slice(data, at, at + piece));
                at += piece;
            }
            f.sync(at);
            f.trim(at);
            assertThat(Files.readAllBytes(path())).isEqualTo(Arrays.copyOf(data, at));
        }
    }

    @ParameterizedTest(name = "direct I/O {0}")
    @ValueSource(booleans = {true, false})
    void resumingInsideABlockKeepsTheBytesBeforeTheEndAndOverwritesThoseAfter(boolean direct) throws Exception {
        try (PacketsFile f = PacketsFile.create(path(), direct)) {
            f.put(slice(data, 0, 9000));
            f.sync(9000);
        }
        // The index ends at 6000 (a crash lost the entries after): bytes 6000.. are written again.
        byte[] next = Arrays.copyOfRange(data, 100_000, 104_000);
        try (PacketsFile f = PacketsFile.resume(path(), 6000, direct)) {
            f.put(ByteBuffer.wrap(next));
            f.sync(10_000);
            f.trim(10_000);
        }
        byte[] expected = Arrays.copyOf(data, 10_000);
        System.arraycopy(next, 0, expected, 6000, next.length);
        assertThat(Files.readAllBytes(path())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "direct I/O {0}")
    @ValueSource(booleans = {true, false})
    void theBufferGrowsToHoldWhatItsTrackWritesBetweenSyncs(boolean direct) throws Exception {
        try (PacketsFile audio = PacketsFile.create(dir.resolve("1_audio.rf1p"), direct);
             PacketsFile sub = PacketsFile.create(dir.resolve("1_sub.rf1p"), direct);
             PacketsFile video = PacketsFile.create(path(), direct)) {
            int at = 0;
            for (int second = 0; second < 5; second++) {
                audio.put(slice(data, 0, 8000)); // 64 kbit/s
                audio.sync(8000L * (second + 1));
                sub.put(slice(data, 0, 125_000)); // 1 Mbit/s
                sub.sync(125_000L * (second + 1));
                video.put(slice(data, at, at + 500_000)); // 4 Mbit/s
                at += 500_000;
                video.sync(at);
            }
            assertThat(audio.bufferSize()).isEqualTo(PacketsFile.SMALLEST_BUFFER);
            assertThat(sub.bufferSize()).isEqualTo(128 << 10);
            assertThat(video.bufferSize()).isEqualTo(PacketsFile.LARGEST_BUFFER);
            // The bytes kept for the next write (direct) moved to each larger buffer intact.
            video.put(slice(data, at, at + 1000));
            video.sync(at + 1000);
            video.trim(at + 1000);
            assertThat(Files.readAllBytes(path())).isEqualTo(Arrays.copyOf(data, at + 1000));
        }
    }

    @Test
    void resumingPastTheFileIsAClearError() throws Exception {
        try (PacketsFile f = PacketsFile.create(path(), true)) {
            f.put(slice(data, 0, 100));
            f.sync(100);
            f.trim(100);
        }
        assertThatThrownBy(() -> PacketsFile.resume(path(), 200, false))
                .hasMessageContaining(path().toString()).hasMessageContaining("200");
    }

    @Test
    void directWritesLeaveNoFootageInThePageCache() throws Exception {
        try (PacketsFile f = PacketsFile.create(path(), true)) {
            assumeTrue(f.direct(), "direct I/O not available here");
            f.put(ByteBuffer.wrap(data));
            f.sync(data.length);
            assertThat(PageCacheTest.residentPages(path(), 0, data.length)).isZero();
        }
        // The control: through the page cache, under a drop step, the same bytes are resident, so the
        // check above can see pages.
        Path buffered = dir.resolve("2_video.rf1p");
        try (PacketsFile f = PacketsFile.create(buffered, false)) {
            f.put(slice(data, 0, 1 << 20));
            f.sync(1 << 20);
            assertThat(PageCacheTest.residentPages(buffered, 0, 1 << 20)).isEqualTo(256);
        }
    }
}
