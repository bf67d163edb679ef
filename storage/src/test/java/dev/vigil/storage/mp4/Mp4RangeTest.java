package dev.vigil.storage.mp4;

import dev.vigil.storage.testing.Encoded;
import static dev.vigil.storage.mp4.TestRecording.SECOND;
import static dev.vigil.storage.mp4.TestRecording.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.storage.rf1.Codec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Any byte range of an export equals the same bytes of the full output (HTTP Range requests). */
class Mp4RangeTest {
    @TempDir
    static Path tmp;

    static Mp4File file;
    static byte[] full;

    @BeforeAll
    static void record() throws IOException {
        List<List<ByteBuffer>> avc = Encoded.video(Codec.H264, 15, 15, 4);
        List<ByteBuffer> aac = Encoded.aac(48000, 1, 5);
        TestRecording r = new TestRecording(tmp, Duration.ofSeconds(2), Codec.H264);
        r.write(avc, 0, 60, 15, T0, aac, 48000, 1);
        r.writer.close();
        // Mid-GOP start, so the first samples are cut by the edit list; audio pieces drop ADTS headers.
        file = Mp4File.of(Mp4Planner.plan(r.segments(), T0 + 700_000, T0 + 4 * SECOND, GapMode.STOP));
        full = bytes(file, 0, file.length(), MdatBody.READ_SIZE);
    }

    static byte[] bytes(Mp4File f, long from, long to, int readSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.write(from, to, Channels.newChannel(out), readSize);
        return out.toByteArray();
    }

    @Test
    void fullOutputHasTheAnnouncedLengthAndLengthPrefixedSamples() throws IOException {
        assertThat((long) full.length).isEqualTo(file.length());
        // The first video sample begins right after the mdat header with a NAL length, not a start code.
        int h = file.headerLength();
        assertThat(new String(full, h - 4, 4, "ISO-8859-1")).isEqualTo("mdat");
        int nal = ByteBuffer.wrap(full, h, 4).getInt();
        assertThat(nal).isBetween(1, full.length - h - 4);
        assertThat(Arrays.copyOfRange(full, h, h + 4)).isNotEqualTo(new byte[] {0, 0, 0, 1});
    }

    @Test
    void randomRangesEqualTheSameBytesOfTheFullOutput() throws IOException {
        SplittableRandom random = new SplittableRandom(20240101);
        long n = file.length();
        int h = file.headerLength();
        for (int i = 0; i < 400; i++) {
            long a, b;
            switch (i % 4) {
                case 0 -> { // inside the header
                    a = random.nextLong(h);
                    b = a + random.nextLong(h - a + 1);
                }
                case 1 -> { // across the header/mdat boundary
                    a = random.nextLong(h);
                    b = h + random.nextLong(n - h + 1);
                }
                case 2 -> { // short ranges anywhere: across sample and NAL boundaries, inside length prefixes
                    a = random.nextLong(n);
                    b = Math.min(n, a + random.nextLong(1, 40));
                }
                default -> {
                    a = random.nextLong(n);
                    b = a + random.nextLong(n - a + 1);
                }
            }
            // Small reads make the streamer refill its buffer often, as a long range does with 1 MiB.
            int readSize = i % 2 == 0 ? MdatBody.READ_SIZE : 4096;
            assertThat(bytes(file, a, b, readSize)).as("range [%d, %d) read %d", a, b, readSize)
                    .isEqualTo(Arrays.copyOfRange(full, (int) a, (int) b));
        }
    }

    @Test
    void everyByteOfTheMdatConcatenatesFromOneByteRanges() throws IOException {
        int h = file.headerLength();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long p = h; p < Math.min(file.length(), h + 3000); p++) file.write(p, p + 1, Channels.newChannel(out));
        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(full, h, (int) Math.min(file.length(), h + 3000)));
    }

    @Test
    void outOfBoundsRangesAreRejected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bytes(file, 0, file.length() + 1, 4096))
                .isInstanceOf(IndexOutOfBoundsException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bytes(file, 5, 4, 4096)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void writtenFileDecodes() throws IOException {
        Path f = tmp.resolve("range.mp4");
        Files.write(f, full);
        assertThat(Probe.decodeErrors(f)).isEmpty();
    }
}
