package dev.vigil.rtsp.session;

import static dev.vigil.rtsp.session.SdpFixtures.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SdpTest {

    @Test
    void hikvisionAbsoluteControlsH264AndPcma() {
        Sdp sdp = Sdp.parse(crlf(SdpFixtures.HIKVISION));

        assertThat(sdp.version()).isZero();
        assertThat(sdp.name()).isEqualTo("Media Presentation");
        assertThat(sdp.control()).isEqualTo("rtsp://192.168.1.64:554/Streaming/Channels/101/?transportmode=unicast");
        assertThat(sdp.media()).hasSize(2);

        SdpMedia video = sdp.media().get(0);
        assertThat(video.isVideo()).isTrue();
        assertThat(video.port()).isZero();
        assertThat(video.protocol()).isEqualTo("RTP/AVP");
        assertThat(video.payloadTypes()).containsExactly(96);
        assertThat(video.codec()).isEqualTo(Codec.H264);
        assertThat(video.clockRate()).isEqualTo(90000);
        assertThat(video.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(video.control())
                .isEqualTo("rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast");
        assertThat(video.attribute("x-dimensions").value()).isEqualTo("1920,1080");
        assertThat(video.fmtp().get("packetization-mode")).isEqualTo("1");

        SdpMedia audio = sdp.media().get(1);
        assertThat(audio.isAudio()).isTrue();
        assertThat(audio.codec()).isEqualTo(Codec.PCMA);
        assertThat(audio.clockRate()).isEqualTo(8000);
        assertThat(sdp.warnings()).isEmpty();
    }

    @Test
    void hikvisionH265() {
        SdpMedia video = Sdp.parse(crlf(SdpFixtures.HIKVISION_H265)).media().get(0);

        assertThat(video.codec()).isEqualTo(Codec.H265);
        assertThat(video.h265().complete()).isTrue();
    }

    @Test
    void dahuaStarControlRelativeTracksAndMetadata() {
        Sdp sdp = Sdp.parse(crlf(SdpFixtures.DAHUA));

        assertThat(sdp.control()).isEqualTo("*");
        assertThat(sdp.connection()).isEqualTo("IN IP4 0.0.0.0");
        assertThat(sdp.media()).extracting(SdpMedia::type).containsExactly("video", "audio", "application");
        assertThat(sdp.media()).extracting(SdpMedia::control).containsExactly("trackID=0", "trackID=1", "trackID=4");
        assertThat(sdp.media().get(0).frameRate()).isEqualTo(OptionalDouble.of(25.0));
        assertThat(sdp.media().get(1).codec()).isEqualTo(Codec.AAC);
        assertThat(sdp.media().get(1).clockRate()).isEqualTo(16000);
        assertThat(sdp.media().get(2).codec()).isEqualTo(Codec.UNKNOWN);
        assertThat(sdp.media().get(2).codec().supported()).isFalse();
    }

    @Test
    void axisAbsoluteControlsAndAac() {
        Sdp sdp = Sdp.parse(crlf(SdpFixtures.AXIS));

        assertThat(sdp.control()).isEqualTo("rtsp://192.168.0.90/axis-media/media.amp?videocodec=h264&audio=1");
        SdpMedia audio = sdp.media().get(1);
        assertThat(audio.codec()).isEqualTo(Codec.AAC);
        assertThat(audio.rtpMap().channels()).isEqualTo(1);
        assertThat(audio.control()).endsWith("/stream=1?videocodec=h264&audio=1");
        assertThat(sdp.media().get(0).frameRate()).isEqualTo(OptionalDouble.of(30.0));
    }

    @Test
    void reolinkWithoutDirectionIsSendrecv() {
        Sdp sdp = Sdp.parse(SdpFixtures.REOLINK);

        assertThat(sdp.media()).extracting(SdpMedia::direction).containsOnly(Direction.SENDRECV);
        assertThat(sdp.media()).extracting(SdpMedia::codec).containsExactly(Codec.H264, Codec.AAC);
        assertThat(sdp.name()).isEqualTo("Session streamed by \"preview\"");
    }

    @Test
    void live555RelativeTrack() {
        Sdp sdp = Sdp.parse(crlf(SdpFixtures.LIVE555));

        assertThat(sdp.control()).isEqualTo("*");
        assertThat(sdp.media()).singleElement().satisfies(m -> {
            assertThat(m.control()).isEqualTo("track1");
            assertThat(m.codec()).isEqualTo(Codec.H264);
        });
        assertThat(sdp.attributes()).extracting(SdpAttribute::name).contains("tool", "type", "range");
    }

    @Test
    void gstreamerIntegerFramerateAndPcmu() {
        Sdp sdp = Sdp.parse(SdpFixtures.GSTREAMER);

        assertThat(sdp.media().get(0).frameRate()).isEqualTo(OptionalDouble.of(30.0));
        assertThat(sdp.media().get(1).codec()).isEqualTo(Codec.PCMU);
        assertThat(sdp.media().get(1).control()).isEqualTo("rtsp://127.0.0.1:8554/test/stream=1");
    }

    @Test
    void lfCrlfAndMixedLineEndsGiveTheSameResult() {
        String lf = SdpFixtures.DAHUA;
        String mixed = lf.replace("a=recvonly\n", "a=recvonly\r\n").replace("t=0 0\n", "t=0 0\r");

        assertThat(Sdp.parse(crlf(lf))).isEqualTo(Sdp.parse(lf));
        assertThat(Sdp.parse(mixed)).isEqualTo(Sdp.parse(lf));
    }

    @Test
    void trailingSpacesAndTabsAreIgnored() {
        String text = "v=0 \r\ns=Cam\t\r\nm=video 0 RTP/AVP 96  \r\na=rtpmap:96 H264/90000   \r\n"
                + "a=control:trackID=1 \r\n";

        SdpMedia video = Sdp.parse(text).media().get(0);

        assertThat(video.control()).isEqualTo("trackID=1");
        assertThat(video.codec()).isEqualTo(Codec.H264);
        assertThat(video.payloadTypes()).containsExactly(96);
    }

    @Test
    void missingOriginIsAccepted() {
        String text = "v=0\ns=No origin\nt=0 0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n";

        Sdp sdp = Sdp.parse(text);

        assertThat(sdp.origin()).isNull();
        assertThat(sdp.media()).hasSize(1);
        assertThat(sdp.warnings()).isEmpty();
    }

    @Test
    void emptyLinesJunkLinesAndUpperCaseTypesAreSkippedWithAWarning() {
        String text = "v=0\n\n\nthis is not sdp\nA=control:trackID=9\n=x\nm=video 0 RTP/AVP 96\n\n"
                + "a=rtpmap:96 H264/90000\n";

        Sdp sdp = Sdp.parse(text);

        assertThat(sdp.media().get(0).codec()).isEqualTo(Codec.H264);
        assertThat(sdp.control()).isNull();
        assertThat(sdp.warnings()).hasSize(3).allMatch(w -> w.contains("not a <letter>=<value> line"));
        assertThat(sdp.warnings().get(0)).startsWith("line 4:");
    }

    @Test
    void byteOrderMarkAndTrailingNulAreIgnored() {
        String text = "\uFEFFv=0\r\nm=audio 0 RTP/AVP 0\r\na=control:trackID=2\r\n\0";

        Sdp sdp = Sdp.parse(text);

        assertThat(sdp.version()).isZero();
        assertThat(sdp.media().get(0).control()).isEqualTo("trackID=2");
        assertThat(sdp.warnings()).isEmpty();
    }

    @Test
    void unknownAttributesAreKeptInOrder() {
        SdpMedia video = Sdp.parse(crlf(SdpFixtures.AXIS)).media().get(0);

        assertThat(video.attributes()).extracting(SdpAttribute::name)
                .containsExactly("rtpmap", "fmtp", "ts-refclk", "mediaclk", "recvonly", "control", "framerate",
                        "transform");
        assertThat(video.attribute("MEDIACLK").value()).isEqualTo("sender");
        assertThat(video.attribute("recvonly").value()).isEmpty();
        assertThat(video.attribute("nope")).isNull();
    }

    @Test
    void staticPayloadTypesNeedNoRtpmap() {
        Sdp sdp = Sdp.parse("v=0\nm=audio 0 RTP/AVP 0\nm=audio 0 RTP/AVP 8\nm=audio 0 RTP/AVP 9\n");

        assertThat(sdp.media()).extracting(SdpMedia::codec).containsExactly(Codec.PCMU, Codec.PCMA, Codec.UNKNOWN);
        assertThat(sdp.media()).extracting(SdpMedia::clockRate).containsExactly(8000, 8000, -1);
    }

    @Test
    void encodingNamesAreCaseInsensitive() {
        Sdp sdp = Sdp.parse("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 h264/90000\n"
                + "m=audio 0 RTP/AVP 97\na=rtpmap:97 mpeg4-generic/8000/1\n"
                + "m=video 0 RTP/AVP 98\na=rtpmap:98 HEVC/90000\n");

        assertThat(sdp.media()).extracting(SdpMedia::codec).containsExactly(Codec.H264, Codec.AAC, Codec.H265);
    }

    @Test
    void latmIsRecognisedButUnsupported() {
        SdpMedia audio = Sdp.parse("v=0\nm=audio 0 RTP/AVP 96\na=rtpmap:96 MP4A-LATM/16000/1\n"
                + "a=fmtp:96 profile-level-id=15;object=2;cpresent=0;config=400028103FC0\n").media().get(0);

        assertThat(audio.codec()).isEqualTo(Codec.MP4A_LATM);
        assertThat(audio.codec().supported()).isFalse();
    }

    @Test
    void mpeg4GenericOnAVideoLineIsNotAac() {
        SdpMedia m = Sdp.parse("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 MPEG4-GENERIC/90000\n").media().get(0);

        assertThat(m.codec()).isEqualTo(Codec.UNKNOWN);
    }

    @Test
    void firstPayloadTypeOfTheMediaLineIsTheOneUsed() {
        SdpMedia m = Sdp.parse("v=0\nm=audio 0 RTP/AVP 97 0 8\na=rtpmap:97 MPEG4-GENERIC/48000/2\n"
                + "a=rtpmap:0 PCMU/8000\n").media().get(0);

        assertThat(m.payloadTypes()).containsExactly(97, 0, 8);
        assertThat(m.payloadType()).isEqualTo(97);
        assertThat(m.codec()).isEqualTo(Codec.AAC);
        assertThat(m.rtpMap().channels()).isEqualTo(2);
        assertThat(m.clockRate()).isEqualTo(48000);
        assertThat(m.rtpMaps()).containsKeys(97, 0);
    }

    @Test
    void fmtpBeforeRtpmapStillApplies() {
        SdpMedia m = Sdp.parse("v=0\nm=video 0 RTP/AVP 96\na=fmtp:96 packetization-mode=1\n"
                + "a=rtpmap:96 H264/90000\n").media().get(0);

        assertThat(m.codec()).isEqualTo(Codec.H264);
        assertThat(m.h264().packetizationMode()).isEqualTo(1);
    }

    @Test
    void brokenRtpmapIsSkippedWithAWarningAndTheCodecIsUnknown() {
        Sdp sdp = Sdp.parse("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264\na=rtpmap:x H264/90000\n"
                + "a=rtpmap:96 H264/zero\n");

        assertThat(sdp.media().get(0).codec()).isEqualTo(Codec.UNKNOWN);
        assertThat(sdp.media().get(0).rtpMaps()).isEmpty();
        assertThat(sdp.warnings()).hasSize(3).allMatch(w -> w.contains("unusable rtpmap"));
    }

    @Test
    void emptyChannelFieldInRtpmapIsOneChannel() {
        RtpMap map = RtpMap.parse("97 MPEG4-GENERIC/16000/");

        assertThat(map).isEqualTo(new RtpMap(97, "MPEG4-GENERIC", 16000, 1));
    }

    @Test
    void brokenMediaLineSkipsItsSectionWithoutLeakingAttributesIntoTheSession() {
        Sdp sdp = Sdp.parse("v=0\na=control:*\nm=video\na=control:trackID=1\na=rtpmap:96 H264/90000\n"
                + "m=audio 0 RTP/AVP 0\na=control:trackID=2\n");

        assertThat(sdp.control()).isEqualTo("*");
        assertThat(sdp.media()).singleElement().extracting(SdpMedia::control).isEqualTo("trackID=2");
        assertThat(sdp.warnings()).singleElement().asString().contains("m= line needs");
    }

    @Test
    void nonNumericFormatsAndBadPortsAreToleratedWithWarnings() {
        Sdp sdp = Sdp.parse("v=0\nm=video x RTP/AVP 96 h264\nm=audio 5004/2 RTP/AVP 0\n");

        assertThat(sdp.media().get(0).port()).isZero();
        assertThat(sdp.media().get(0).payloadTypes()).containsExactly(96);
        assertThat(sdp.media().get(1).port()).isEqualTo(5004);
        assertThat(sdp.warnings()).hasSize(2);
    }

    @Test
    void mediaWithoutPayloadTypesHasNoCodec() {
        SdpMedia m = Sdp.parse("v=0\nm=application 0 RTP/AVP\n").media().get(0);

        assertThat(m.payloadType()).isEqualTo(-1);
        assertThat(m.codec()).isEqualTo(Codec.UNKNOWN);
        assertThat(m.fmtp()).isNull();
    }

    @Test
    void badFramerateIsIgnored() {
        Sdp sdp = Sdp.parse("v=0\nm=video 0 RTP/AVP 96\na=framerate:fast\nm=video 0 RTP/AVP 96\na=framerate:0\n");

        assertThat(sdp.media()).extracting(SdpMedia::frameRate).containsOnly(OptionalDouble.empty());
        assertThat(sdp.warnings()).hasSize(2).allMatch(w -> w.contains("framerate"));
    }

    @Test
    void sendonlyAndInactive() {
        Sdp sdp = Sdp.parse("v=0\nm=video 0 RTP/AVP 96\na=sendonly\nm=video 0 RTP/AVP 96\na=inactive\n");

        assertThat(sdp.media()).extracting(SdpMedia::direction).containsExactly(Direction.SENDONLY, Direction.INACTIVE);
        assertThat(sdp.media().get(1).direction().mayCarryMedia()).isFalse();
    }

    @Test
    void emptyControlIsAbsent() {
        Sdp sdp = Sdp.parse("v=0\na=control:\nm=video 0 RTP/AVP 96\na=control: \n");

        assertThat(sdp.control()).isNull();
        assertThat(sdp.media().get(0).control()).isNull();
    }

    @Test
    void controlKeepsColonsOfAnAbsoluteUrl() {
        SdpMedia m = Sdp.parse("v=0\nm=video 0 RTP/AVP 96\na=control:rtsp://h:8554/a:b\n").media().get(0);

        assertThat(m.control()).isEqualTo("rtsp://h:8554/a:b");
    }

    @Test
    void nothingUsableGivesAnEmptyDescriptionNotAnException() {
        assertThat(Sdp.parse(null).media()).isEmpty();
        assertThat(Sdp.parse("").warnings()).containsExactly("no usable v= line");
        assertThat(Sdp.parse("<html>404</html>").media()).isEmpty();
        assertThat(Sdp.parse("v=zero\n").version()).isEqualTo(-1);
    }

    @Test
    void aNegativeVersionIsNoVersion() {
        // Found by the SDP fuzzer: "v=-10" came out as version -10.
        Sdp sdp = Sdp.parse("v=-10\r\ns=cam\r\nm=video 0 RTP/AVP 96\r\n");
        assertThat(sdp.version()).isEqualTo(-1);
        assertThat(sdp.warnings()).anyMatch(w -> w.contains("v= is not a version number"));
    }
}
