package dev.vigil.storage.rf1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class VectorReadTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @FieldSource("dev.vigil.storage.rf1.Vectors#ALL")
    void readsEveryVectorExactlyAsExpected(String name) throws Exception {
        Path index = Vectors.expand(name, tmp);
        try (TrackReader r = TrackReader.open(index)) {
            assertThat(TrackDump.toString(r)).isEqualTo(Vectors.expected(name, "expected.txt"));
        }
    }

    @ParameterizedTest
    @FieldSource("dev.vigil.storage.rf1.Vectors#ALL")
    void probingEveryPayloadChangesNothingOnGoodData(String name) throws Exception {
        Path index = Vectors.expand(name, tmp);
        try (TrackReader r = TrackReader.open(index, true)) {
            assertThat(TrackDump.toString(r)).isEqualTo(Vectors.expected(name, "expected.txt"));
        }
    }

    @Test
    void cleanVectorReportsCleanClose() throws Exception {
        try (TrackReader r = TrackReader.open(Vectors.expand("h264-clean", tmp))) {
            assertThat(r.recovery().closedCleanly()).isTrue();
            assertThat(r.recovery().dropped()).isZero();
            assertThat(r.header().indexCount()).isEqualTo(145);
            assertThat(r.packetsEnd()).isEqualTo(Files.size(r.files().packets()));
        }
    }

    @Test
    void crashVectorIsRecoveredByScanning() throws Exception {
        try (TrackReader r = TrackReader.open(Vectors.expand("h264-crash", tmp))) {
            assertThat(r.header().indexCount()).isZero();
            assertThat(r.recovery().closedCleanly()).isFalse();
            assertThat(r.entryCount()).isEqualTo(56);
            assertThat(r.recovery().dropped()).isZero();
        }
    }

    @Test
    void tornVectorsDropThePartialTailAndSayWhy() throws Exception {
        try (TrackReader r = TrackReader.open(Vectors.expand("h264-torn-zeroed", tmp))) {
            assertThat(r.entryCount()).isEqualTo(53);
            assertThat(r.packetsEnd()).isEqualTo(115696);
            assertThat(r.recovery().dropped()).isEqualTo(3);
            assertThat(r.recovery().reason()).contains("entry 53").contains("no start code");
        }
        try (TrackReader r = TrackReader.open(Vectors.expand("h264-torn-short", tmp))) {
            assertThat(r.entryCount()).isEqualTo(54);
            assertThat(r.packetsEnd()).isEqualTo(118129);
            assertThat(r.recovery().reason()).contains("entry 54").contains("past the valid packet data");
        }
    }

    @Test
    void referenceReaderViewDiffersOnlyByTheTornTail() {
        // The reference reader does not notice the torn tail; it is the h264-crash view.
        assertThat(Vectors.expected("h264-torn-zeroed", "expected-reference.txt")).isEqualTo(Vectors.expected("h264-crash", "expected.txt"));
    }
}
