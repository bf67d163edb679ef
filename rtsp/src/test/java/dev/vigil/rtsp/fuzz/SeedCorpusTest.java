package dev.vigil.rtsp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.Codec;
import dev.vigil.rtsp.TrackConfig;
import dev.vigil.rtsp.TrackReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The clean seeds must really reach the depacketizers: a script format or seed writer that went
 * wrong would otherwise leave the fuzz targets passing on inputs that produce nothing at all.
 */
class SeedCorpusTest {

    @ParameterizedTest
    @CsvSource({
        "h264/clean-tcp, H264, 96, 90000, 6",
        "h265/clean-tcp, H265, 96, 90000, 3",
        "aac/hbr, AAC, 97, 44100, 5",
        "g711/pcmu, PCMU, 0, 8000, 4",
    })
    void cleanSeedsGiveEveryUnit(String seed, Codec codec, int pt, int clockRate, int units) throws IOException {
        byte[] script = read("DepacketizerFuzzTestInputs/" + seed);
        Map<String, String> fmtp = switch (codec) {
            case H264 -> DepacketizerFuzzTest.H264_FMTP.get(PacketScript.variant(script, DepacketizerFuzzTest.H264_FMTP.size()));
            case H265 -> DepacketizerFuzzTest.H265_FMTP.get(PacketScript.variant(script, DepacketizerFuzzTest.H265_FMTP.size()));
            case AAC -> DepacketizerFuzzTest.AAC_FMTP.get(0);
            default -> Map.of();
        };
        TrackConfig config = TrackConfig.tcp(3, codec, pt, clockRate, fmtp);
        CheckingSink sink = new CheckingSink(config);
        PacketScript.MutableClock clock = new PacketScript.MutableClock();
        PacketScript.play(script, new TrackReceiver(config, sink, clock), clock, pt);
        assertThat(sink.accepted).isEqualTo(units);
        assertThat(sink.gaps).isZero();
    }

    private static byte[] read(String name) throws IOException {
        try (InputStream in = SeedCorpusTest.class.getResourceAsStream(name)) {
            assertThat(in).as("seed %s", name).isNotNull();
            return in.readAllBytes();
        }
    }
}
