package dev.vigil.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.storage.rf1.TrackCheck;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackReader;
import dev.vigil.storage.testing.TinyDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real full disk (a 48 MiB tmpfs): the segment closes safely, nothing half-made is left. */
class FullDiskTest {
    static final long T0 = SegmentWriterTest.T0;

    @TempDir
    Path tmp;

    @Test
    void runningOutOfSpaceClosesTheSegmentCleanlyAndLeavesNoHalfMadeSegment() throws Exception {
        try (TinyDisk disk = TinyDisk.mount(tmp.resolve("disk"), 48)) {
            RecordingListener listener = new RecordingListener();
            SyntheticStream stream = new SyntheticStream(5);
            SegmentWriter w = new SegmentWriter(disk.root.resolve("cam"), RollPolicy.defaults(), listener);
            int written = 0;
            IOException full = null;
            // 4 kB frames: the packets file grows in 16 MiB chunks until the third chunk does not fit.
            for (int i = 0; i < 20_000 && full == null; i++) {
                try {
                    w.write(i % 25 == 0 ? stream.key(T0 + i * 40_000L, 4000) : stream.p(T0 + i * 40_000L, 4000));
                    written++;
                    if (i % 25 == 24) w.flush();
                } catch (IOException e) {
                    full = e;
                }
            }
            assertThat(full).as("the disk filled up").isNotNull().hasMessageContaining("no space left");
            w.roll(); // what the recorder does after a write error

            assertThat(listener.closed).singleElement().satisfies(s -> {
                assertThat(s.closed()).isTrue();
                Path index = TrackFiles.of(s.dir(), s.base(), SegmentWriter.VIDEO).index();
                assertThat(TrackCheck.check(index)).isEmpty();
                try (TrackReader r = TrackReader.open(index)) {
                    assertThat(r.entryCount()).isEqualTo(s.entries());
                    assertThat(r.packetsEnd()).isEqualTo(s.bytes());
                }
            });
            // Every frame that was accepted is there: a slice per frame, and SPS + PPS with each key frame.
            int keyFrames = (written + 24) / 25;
            assertThat(listener.closed.get(0).entries()).isEqualTo(written + 2 * keyFrames);

            // The next segment cannot even be created: its files must not be left behind.
            long free = disk.freeBytes();
            assertThat(free).isLessThan(16L << 20);
            assertThatThrownBy(() -> w.write(stream.key(T0 + 10_000_000_000L, 4000))).isInstanceOf(IOException.class);
            w.roll();
            assertThat(listener.closed).hasSize(1);
            try (Stream<Path> files = Files.list(disk.root.resolve("cam"))) {
                assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith(listener.closed.get(0).base()));
            }
        }
    }
}
