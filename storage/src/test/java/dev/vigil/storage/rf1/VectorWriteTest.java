package dev.vigil.storage.rf1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our writer, fed what the reference writer was fed, writes the same bytes: with its packets
 * written past the page cache (the zeros padding a direct write's last block must not show) and
 * through it.
 */
class VectorWriteTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> cleanVectorsBothWays() {
        return Vectors.CLEAN.stream().flatMap(name -> Stream.of(Arguments.of(name, true), Arguments.of(name, false)));
    }

    @ParameterizedTest(name = "{0}, direct I/O {1}")
    @MethodSource("cleanVectorsBothWays")
    void cleanVectorsAreReproducedByteForByte(String name, boolean direct) throws Exception {
        Path source = Files.list(Vectors.source(name)).filter(p -> p.toString().matches(".*source\\.h26[45]")).findFirst().orElseThrow();
        List<ByteBuffer> nals = AnnexB.split(Vectors.read(source));
        List<Vectors.Line> lines = Vectors.lines(name);
        assertThat(nals).hasSize(lines.size());

        String[] h = Vectors.header(name);
        Codec codec = Codec.of(h[0], h[1]);
        for (int i = 0; i < nals.size(); i++) {
            assertThat(NalClassifier.flags(codec, nals.get(i).get(0))).as("flags of NAL %d", i).isEqualTo(lines.get(i).flags());
        }

        Path vectorIndex = Files.list(Vectors.source(name)).filter(p -> p.toString().endsWith(".rf1i")).findFirst().orElseThrow();
        String base = vectorIndex.getFileName().toString().split("_")[0];
        TrackFiles out = TrackFiles.of(Files.createDirectories(tmp.resolve(name)), base, "video");
        TrackHeader header = TrackHeader.video(codec, Long.parseLong(h[2]), Integer.parseInt(h[4]), Integer.parseInt(h[5]));
        try (TrackWriter w = TrackWriter.create(out, header, direct)) {
            writeByAccessUnit(w, nals, lines);
        }
        assertThat(Files.readAllBytes(out.packets())).isEqualTo(Files.readAllBytes(TrackFiles.fromEither(vectorIndex).packets()));
        assertThat(Files.readAllBytes(out.index())).isEqualTo(Files.readAllBytes(vectorIndex));
    }

    /**
     * h264-crash is what the reference writer left after 45 frames when its process died. Our writer,
     * fed the same frames and flushed, leaves the same bytes: header with count 0, entries, sentinel,
     * the index preallocated to its maximum and the packets to one 16 MiB chunk.
     */
    @ParameterizedTest(name = "direct I/O {0}")
    @ValueSource(booleans = {true, false})
    void unclosedWriterLeavesTheCrashVectorByteForByte(boolean direct) throws Exception {
        Path crash = Vectors.expand("h264-crash", tmp.resolve("vector"));
        List<Vectors.Line> lines = Vectors.lines("h264-crash");
        ByteBuffer packets = Vectors.read(TrackFiles.fromEither(crash).packets());
        List<ByteBuffer> nals = new ArrayList<>();
        for (Vectors.Line l : lines) {
            nals.add(packets.duplicate().position((int) l.location() + 4).limit((int) (l.location() + l.length())).slice());
        }
        String[] h = Vectors.header("h264-crash");
        TrackFiles out = TrackFiles.of(Files.createDirectories(tmp.resolve("ours")), "1704067400000", "video");
        TrackWriter w = TrackWriter.create(out, TrackHeader.video(Codec.H264, Long.parseLong(h[2]), 320, 240), direct);
        writeByAccessUnit(w, nals, lines);
        w.abandon();

        assertThat(Files.size(out.index())).isEqualTo(524320);
        assertThat(Files.size(out.packets())).isEqualTo(16L << 20);
        assertThat(Files.readAllBytes(out.index())).isEqualTo(Files.readAllBytes(crash));
        assertThat(Files.readAllBytes(out.packets())).isEqualTo(Files.readAllBytes(TrackFiles.fromEither(crash).packets()));
    }

    /** One flush per access unit: the reference wrote one batch (entries + sentinel) per frame. */
    private static void writeByAccessUnit(TrackWriter w, List<ByteBuffer> nals, List<Vectors.Line> lines) throws Exception {
        for (int i = 0; i < nals.size(); i++) {
            if (i > 0 && lines.get(i).pts() != lines.get(i - 1).pts()) w.flush();
            w.append(lines.get(i).pts(), nals.get(i), lines.get(i).flags());
        }
        w.flush();
    }
}
