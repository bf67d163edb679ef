package dev.vigil.rtsp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The fmtp helpers: never a throw, bad entries left out and described. */
class CodecParamsTest {

    private static final byte[] SPS = Base64.getDecoder().decode("Z0LAHtkDxWhAAAADAEAAAAwDxYuS");
    private static final byte[] PPS = Base64.getDecoder().decode("aMuMsg==");

    private static Fmtp fmtp(String value) {
        return Fmtp.parse(value);
    }

    @Test
    void fmtpKeysAreCaseInsensitiveValuesTrimmedAndTheRawTextKept() {
        Fmtp f = fmtp("97 streamtype=5; Mode = AAC-hbr ;SizeLength=13;;flag;config=1408 ");

        assertThat(f.payloadType()).isEqualTo(97);
        assertThat(f.parameters()).containsExactly(
                java.util.Map.entry("streamtype", "5"), java.util.Map.entry("mode", "AAC-hbr"),
                java.util.Map.entry("sizelength", "13"), java.util.Map.entry("flag", ""),
                java.util.Map.entry("config", "1408"));
        assertThat(f.get("SIZELENGTH")).isEqualTo("13");
        assertThat(f.raw()).isEqualTo("streamtype=5; Mode = AAC-hbr ;SizeLength=13;;flag;config=1408");
    }

    @Test
    void fmtpWithoutParametersOrPayloadType() {
        assertThat(fmtp("96").parameters()).isEmpty();
        assertThat(fmtp("x a=b")).isNull();
        assertThat(fmtp("")).isNull();
    }

    @Test
    void h264SpropParameterSetsSpsAndPps() {
        H264Params p = H264Params.of(fmtp("96 packetization-mode=1;profile-level-id=42C01E;"
                + "sprop-parameter-sets=Z0LAHtkDxWhAAAADAEAAAAwDxYuS,aMuMsg=="));

        assertThat(p.parameterSets()).hasSize(2);
        assertThat(p.sps()).isEqualTo(SPS);
        assertThat(p.pps()).isEqualTo(PPS);
        assertThat(p.invalidSets()).isZero();
        assertThat(p.profileLevelId()).isEqualTo(OptionalInt.of(0x42C01E));
        assertThat(p.packetizationMode()).isEqualTo(1);
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void h264InvalidEntriesAreLeftOutAndCounted() {
        H264Params p = H264Params.of(fmtp("96 sprop-parameter-sets=Z0LAHtkDxWhAAAADAEAAAAwDxYuS,!!notbase64!!,,"
                + "gAAA,aMuMsg==,"));

        assertThat(p.parameterSets()).hasSize(2);
        assertThat(p.invalidSets()).isEqualTo(2);
        assertThat(p.problems()).containsExactly(
                "sprop-parameter-sets entry 2 is not base64: !!notbase64!!",
                "sprop-parameter-sets entry 4 is not a NAL unit (forbidden bit set): gAAA");
    }

    @Test
    void h264SpropWithAnnexBStartCodeIsStripped() {
        // Some cameras base64-encode the start code along with the SPS.
        H264Params p = H264Params.of(fmtp("96 sprop-parameter-sets=AAAAAWdCwB7ZA8VoQAAAAwBAAAAMA8WLkg==,AAABaMuMsg=="));

        assertThat(p.sps()).isEqualTo(SPS);
        assertThat(p.pps()).isEqualTo(PPS);
    }

    @Test
    void h264SpropWithoutBase64PaddingIsAccepted() {
        assertThat(H264Params.of(fmtp("96 sprop-parameter-sets=aMuMsg")).pps()).isEqualTo(PPS);
    }

    @Test
    void h264OnlyStartCodeDecodesToNothing() {
        H264Params p = H264Params.of(fmtp("96 sprop-parameter-sets=AAAAAQ=="));

        assertThat(p.parameterSets()).isEmpty();
        assertThat(p.invalidSets()).isEqualTo(1);
        assertThat(p.problems()).singleElement().asString().contains("decodes to nothing");
    }

    @Test
    void h264DefaultsWhenAbsentOrBogus() {
        H264Params absent = H264Params.of(null);
        assertThat(absent.packetizationMode()).isZero();
        assertThat(absent.profileLevelId()).isEmpty();
        assertThat(absent.sps()).isNull();

        // profile-level-id=1 is what some cameras copy from their AAC line.
        H264Params bogus = H264Params.of(fmtp("96 profile-level-id=1;packetization-mode=7"));
        assertThat(bogus.profileLevelId()).isEmpty();
        assertThat(bogus.packetizationMode()).isZero();
        assertThat(bogus.invalidSets()).isZero();
        assertThat(bogus.problems()).containsExactly("profile-level-id is not 6 hex digits: 1",
                "packetization-mode is not 0, 1 or 2, taken as 0: 7");
    }

    @Test
    void h264ParamsAreDefensiveCopies() {
        H264Params p = H264Params.of(fmtp("96 sprop-parameter-sets=aMuMsg=="));

        p.pps()[0] = 0;
        p.parameterSets().get(0)[1] = 0;

        assertThat(p.pps()).isEqualTo(PPS);
    }

    @Test
    void h265ParameterSets() {
        H265Params p = H265Params.of(fmtp("96 sprop-vps=QAEMAf//AWAAAAMAsAAAAwAAAwCWlwJA; "
                + "sprop-sps=QgEBAWAAAAMAsAAAAwAAAwCWoAFQIAXxY2uSRS7AWoCAgKA=; sprop-pps=RAHA8vA8kAA="));

        assertThat(p.complete()).isTrue();
        assertThat(p.vps().get(0)[0]).isEqualTo((byte) 0x40);
        assertThat(p.sps().get(0)[0]).isEqualTo((byte) 0x42);
        assertThat(p.pps().get(0)[0]).isEqualTo((byte) 0x44);
        assertThat(p.invalidSets()).isZero();
    }

    @Test
    void h265MissingVpsIsIncompleteAndBadEntriesCounted() {
        H265Params p = H265Params.of(fmtp("96 sprop-sps=QgEBAWAAAAMAsAAAAwAAAwCWoAFQIAXxY2uSRS7AWoCAgKA=; sprop-pps=%%%"));

        assertThat(p.complete()).isFalse();
        assertThat(p.invalidSets()).isEqualTo(1);
        assertThat(p.problems()).singleElement().asString().startsWith("sprop-pps entry 1 is not base64");
        assertThat(H265Params.of(null).complete()).isFalse();
    }

    @Test
    void aacHbr() {
        AacParams p = AacParams.of(fmtp("97 streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;"
                + "indexdeltalength=3;config=1408"));

        assertThat(p.config()).isEqualTo(HexFormat.of().parseHex("1408"));
        assertThat(p.sizeLength()).isEqualTo(13);
        assertThat(p.indexLength()).isEqualTo(3);
        assertThat(p.indexDeltaLength()).isEqualTo(3);
        assertThat(p.mode()).isEqualTo("AAC-hbr");
        assertThat(p.sampleRate()).isEqualTo(16000);
        assertThat(p.channels()).isEqualTo(1);
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void aacCamelCaseKeysAsAxisWritesThem() {
        AacParams p = Sdp.parse(SdpFixtures.AXIS).media().get(1).aac();

        assertThat(p.sizeLength()).isEqualTo(13);
        assertThat(p.indexDeltaLength()).isEqualTo(3);
    }

    @Test
    void aacStereo48kAndUpperCaseHex() {
        AacParams p = AacParams.of(fmtp("97 config=1190;mode=AAC-hbr"));

        assertThat(p.sampleRate()).isEqualTo(48000);
        assertThat(p.channels()).isEqualTo(2);
        assertThat(AacParams.of(fmtp("97 config=1210")).sampleRate()).isEqualTo(44100);
        assertThat(AacParams.of(fmtp("97 config=121A")).config()).hasSize(2);
    }

    @Test
    void aacBadValuesAreIgnoredWithProblems() {
        AacParams p = AacParams.of(fmtp("97 config=14G8;sizelength=thirteen;indexlength=40"));

        assertThat(p.config()).isEmpty();
        assertThat(p.sampleRate()).isEqualTo(-1);
        assertThat(p.sizeLength()).isZero();
        assertThat(p.indexLength()).isZero();
        assertThat(p.problems()).containsExactly("config is not hex bytes: 14G8",
                "sizelength is not a bit count 0..32, taken as 0: thirteen",
                "indexlength is not a bit count 0..32, taken as 0: 40");
        assertThat(AacParams.of(fmtp("97 config=140")).problems()).containsExactly("config is not hex bytes: 140");
    }

    @Test
    void aacAbsentFmtp() {
        AacParams p = AacParams.of(null);

        assertThat(p.config()).isEmpty();
        assertThat(p.mode()).isEmpty();
        assertThat(p.channels()).isEqualTo(-1);
        assertThat(p.toString()).contains("config=,");
    }
}
