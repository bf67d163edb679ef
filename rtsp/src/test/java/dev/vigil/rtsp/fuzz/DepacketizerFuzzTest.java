package dev.vigil.rtsp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.rtsp.Codec;
import dev.vigil.rtsp.TrackConfig;
import dev.vigil.rtsp.TrackReceiver;
import dev.vigil.rtsp.TrackStats;
import java.util.List;
import java.util.Map;

/**
 * Arbitrary packet sequences (see {@link PacketScript}) through a {@link TrackReceiver} of each
 * codec: nothing may throw, and every access unit that comes out must satisfy
 * {@link CheckingSink}. The fmtp variants include valid parameters taken from the test streams,
 * the unusual-but-legal ones (H.265 DONL, AAC-lbr) and broken ones.
 */
class DepacketizerFuzzTest {
    static final String H264_SPROP = "Z0LAC9kBQfsBEAAAAwAQAAADAUDxQqSA,aMuDyyA=";
    static final Map<String, String> H265_SPROP = Map.of(
            "sprop-vps", "QAEMAf//AWAAAAMAkAAAAwAAAwA/koCQ",
            "sprop-sps", "QgEBAWAAAAMAkAAAAwAAAwA/oAUCAWllkqSTK8BaAgAAAwACAAADAB4Q",
            "sprop-pps", "RAHBcrRiQA==");

    static final List<Map<String, String>> H264_FMTP = List.of(
            Map.of(),
            Map.of("packetization-mode", "1", "profile-level-id", "42C00B", "sprop-parameter-sets", H264_SPROP),
            Map.of("sprop-parameter-sets", "Z0IA,,!!!,aM4,AAAA"));

    static final List<Map<String, String>> H265_FMTP = List.of(
            Map.of(),
            H265_SPROP,
            with(H265_SPROP, "sprop-max-don-diff", "2"),
            Map.of("sprop-max-don-diff", "x", "sprop-sps", "QgEB", "sprop-pps", "%%%"));

    static final List<Map<String, String>> AAC_FMTP = List.of(
            // AAC-hbr, AAC-LC 44.1 kHz stereo: what most cameras announce.
            Map.of("streamtype", "5", "mode", "AAC-hbr", "config", "1210", "sizelength", "13", "indexlength", "3",
                    "indexdeltalength", "3"),
            // AAC-lbr, 16 kHz mono.
            Map.of("streamtype", "5", "mode", "AAC-lbr", "config", "1408", "sizelength", "6", "indexlength", "2",
                    "indexdeltalength", "2", "constantduration", "1024"),
            Map.of("config", "1210", "sizelength", "16", "indexlength", "0", "indexdeltalength", "0"),
            Map.of("config", "zz", "sizelength", "13"),
            Map.of());

    @FuzzTest(maxDuration = "60s")
    void h264(byte[] script) {
        run(script, Codec.H264, 96, 90_000, H264_FMTP);
    }

    @FuzzTest(maxDuration = "60s")
    void h265(byte[] script) {
        run(script, Codec.H265, 96, 90_000, H265_FMTP);
    }

    @FuzzTest(maxDuration = "60s")
    void aac(byte[] script) {
        run(script, Codec.AAC, 97, 44_100, AAC_FMTP);
    }

    /** The variant picks µ-law (PT 0) or A-law (PT 8). */
    @FuzzTest(maxDuration = "60s")
    void g711(byte[] script) {
        boolean alaw = PacketScript.variant(script, 2) == 1;
        run(script, alaw ? Codec.PCMA : Codec.PCMU, alaw ? 8 : 0, 8000, List.of(Map.of(), Map.of()));
    }

    private static void run(byte[] script, Codec codec, int pt, int clockRate, List<Map<String, String>> fmtps) {
        Map<String, String> fmtp = fmtps.get(PacketScript.variant(script, fmtps.size()));
        TrackConfig config = PacketScript.udp(script)
                ? TrackConfig.udp(3, codec, pt, clockRate, fmtp)
                : TrackConfig.tcp(3, codec, pt, clockRate, fmtp);
        CheckingSink sink = new CheckingSink(config);
        PacketScript.MutableClock clock = new PacketScript.MutableClock();
        TrackReceiver receiver = new TrackReceiver(config, sink, clock);
        PacketScript.play(script, receiver, clock, pt);
        assertThat(receiver.stats().get(TrackStats.Counter.UNITS_EMITTED)).isEqualTo(sink.accepted);
    }

    private static Map<String, String> with(Map<String, String> m, String key, String value) {
        java.util.HashMap<String, String> copy = new java.util.HashMap<>(m);
        copy.put(key, value);
        return Map.copyOf(copy);
    }
}
