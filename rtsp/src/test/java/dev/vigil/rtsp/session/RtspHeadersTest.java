package dev.vigil.rtsp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtspHeadersTest {

    @Nested
    class Session {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "1273471523;timeout=60     | 1273471523  | 60",
            "12345678                  | 12345678    | 60",
            "A1b2$C-d_e.f+g;timeout=30 | A1b2$C-d_e.f+g | 30",
            "' 47112344 ; timeout = 65 ' | 47112344  | 65",
            "abc;timeout=\"30\"        | abc         | 30",
            "abc;TIMEOUT=90            | abc         | 90",
            "abc;timeout=0             | abc         | 60",
            "abc;timeout=soon          | abc         | 60",
            "abc;timeout=-5            | abc         | 60",
            "abc;foo=bar;timeout=45    | abc         | 45",
        })
        void sessionIdAndTimeout(String header, String id, int timeout) {
            assertThat(SessionHeader.parse(header)).isEqualTo(new SessionHeader(id, timeout));
        }

        @Test
        void noIdIsAnError() {
            assertThatThrownBy(() -> SessionHeader.parse(";timeout=60"))
                    .hasMessage("Session header ';timeout=60' has no usable session id");
            assertThatThrownBy(() -> SessionHeader.parse("a b")).hasMessageContaining("no usable session id");
            assertThatThrownBy(() -> SessionHeader.parse(null)).hasMessage("response has no Session header");
        }
    }

    @Nested
    class Transport {

        @Test
        void tcpInterleaved() {
            TransportHeader t = TransportHeader.parse("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=1A2B3C4D;mode=\"PLAY\"");

            assertThat(t.tcp()).isTrue();
            assertThat(t.unicast()).isTrue();
            assertThat(t.interleaved()).isEqualTo(new TransportHeader.Pair(0, 1));
            assertThat(t.ssrc()).isEqualTo(OptionalLong.of(0x1A2B3C4DL));
            assertThat(t.clientPort()).isNull();
        }

        @Test
        void udpWithPortsSsrcAndSource() {
            TransportHeader t = TransportHeader.parse(
                    "RTP/AVP;unicast;destination=192.168.1.2;source=192.168.1.64;client_port=5000-5001;"
                            + "server_port=8228-8229;ssrc=00003e62;mode=\"play\"");

            assertThat(t.tcp()).isFalse();
            assertThat(t.profile()).isEqualTo("RTP/AVP");
            assertThat(t.clientPort()).isEqualTo(new TransportHeader.Pair(5000, 5001));
            assertThat(t.serverPort()).isEqualTo(new TransportHeader.Pair(8228, 8229));
            assertThat(t.ssrc()).isEqualTo(OptionalLong.of(0x3e62));
            assertThat(t.source()).isEqualTo("192.168.1.64");
        }

        @Test
        void explicitUdpLowerTransport() {
            TransportHeader t = TransportHeader.parse("RTP/AVP/UDP;unicast;client_port=6000-6001;server_port=6970-6971");

            assertThat(t.tcp()).isFalse();
            assertThat(t.serverPort().first()).isEqualTo(6970);
        }

        @Test
        void singleChannelMeansAPair() {
            assertThat(TransportHeader.parse("RTP/AVP/TCP;interleaved=4").interleaved())
                    .isEqualTo(new TransportHeader.Pair(4, 5));
        }

        @Test
        void bogusValuesAreIgnored() {
            TransportHeader t = TransportHeader.parse("rtp/avp/tcp;unicast;interleaved=x-y;ssrc=zz12;source=");

            assertThat(t.tcp()).isTrue();
            assertThat(t.interleaved()).isNull();
            assertThat(t.ssrc()).isEmpty();
            assertThat(t.source()).isNull();
            assertThat(TransportHeader.parse("RTP/AVP;ssrc=123456789").ssrc()).isEmpty();
        }

        @Test
        void multicastAndOnlyTheFirstAlternative() {
            TransportHeader t = TransportHeader.parse("RTP/AVP;multicast;port=5000-5001, RTP/AVP/TCP;interleaved=0-1");

            assertThat(t.unicast()).isFalse();
            assertThat(t.tcp()).isFalse();
        }

        @Test
        void notRtp() {
            assertThatThrownBy(() -> TransportHeader.parse("MP2T/H2221/UDP;unicast"))
                    .hasMessage("Transport header 'MP2T/H2221/UDP;unicast' is not an RTP transport");
            assertThatThrownBy(() -> TransportHeader.parse(" ")).hasMessage("response has no Transport header");
        }

        @Test
        void requests() {
            assertThat(TransportHeader.tcpRequest(0)).isEqualTo("RTP/AVP/TCP;unicast;interleaved=0-1");
            assertThat(TransportHeader.tcpRequest(2)).isEqualTo("RTP/AVP/TCP;unicast;interleaved=2-3");
            assertThat(TransportHeader.udpRequest(50000)).isEqualTo("RTP/AVP;unicast;client_port=50000-50001");
            assertThat(TransportHeader.parse(TransportHeader.tcpRequest(2)).interleaved())
                    .isEqualTo(new TransportHeader.Pair(2, 3));
        }

        @Test
        void requestsOutOfRange() {
            assertThatThrownBy(() -> TransportHeader.tcpRequest(255)).hasMessageContaining("is not 0..254");
            assertThatThrownBy(() -> TransportHeader.udpRequest(65535)).hasMessageContaining("is not 1..65534");
        }
    }

    @Nested
    class RtpInfoHeader {

        @Test
        void hikvisionTwoTracks() {
            List<RtpInfo> infos = RtpInfo.parse(
                    "url=rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast;seq=27393;rtptime=1637215186,"
                            + "url=rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=2?transportmode=unicast;seq=6522;rtptime=3402126212");

            assertThat(infos).hasSize(2);
            assertThat(infos.get(0).seq()).isEqualTo(OptionalInt.of(27393));
            assertThat(infos.get(1).rtpTime()).isEqualTo(OptionalLong.of(3402126212L));
            assertThat(infos.get(1).url()).endsWith("trackID=2?transportmode=unicast");
        }

        @Test
        void spacesAfterCommasAndUrlsWithCommas() {
            List<RtpInfo> infos = RtpInfo.parse("url=rtsp://h/a,b/track1;seq=1;rtptime=2, url=rtsp://h/a,b/track2;seq=3");

            assertThat(infos).extracting(RtpInfo::url).containsExactly("rtsp://h/a,b/track1", "rtsp://h/a,b/track2");
            assertThat(infos.get(1).rtpTime()).isEmpty();
        }

        @Test
        void bogusValuesAreEmpty() {
            RtpInfo info = RtpInfo.parse("url=trackID=0;seq=70000;rtptime=-1").get(0);

            assertThat(info.url()).isEqualTo("trackID=0");
            assertThat(info.seq()).isEmpty();
            assertThat(info.rtpTime()).isEmpty();
            assertThat(RtpInfo.parse("url=x;seq=abc;rtptime=4294967296").get(0).rtpTime()).isEmpty();
            assertThat(RtpInfo.parse("url=x;rtptime=4294967295").get(0).rtpTime()).isEqualTo(OptionalLong.of(0xffffffffL));
        }

        @Test
        void entriesWithoutUrlAndGarbageAreDropped() {
            assertThat(RtpInfo.parse("seq=1;rtptime=2")).isEmpty();
            assertThat(RtpInfo.parse("")).isEmpty();
            assertThat(RtpInfo.parse(null)).isEmpty();
        }

        @Test
        void matchingToTracks() {
            List<RtpInfo> infos = RtpInfo.parse("url=rtsp://10.0.0.2:554/cam/realmonitor?channel=1&subtype=0/trackID=0;seq=1,"
                    + "url=trackID=1;seq=2");

            // the camera names itself by another address than the one we dialled
            assertThat(RtpInfo.forTrack(infos, "rtsp://cam.example:554/cam/realmonitor?channel=1&subtype=0/trackID=0", 0, 2).seq())
                    .isEqualTo(OptionalInt.of(1));
            // relative url
            assertThat(RtpInfo.forTrack(infos, "rtsp://cam/cam/realmonitor?channel=1&subtype=0/trackID=1", 1, 2).seq())
                    .isEqualTo(OptionalInt.of(2));
        }

        @Test
        void matchingFallsBackToPositionWhenCountsMatch() {
            List<RtpInfo> infos = RtpInfo.parse("url=rtsp://h/x;seq=5,url=rtsp://h/y;seq=6");

            assertThat(RtpInfo.forTrack(infos, "rtsp://h/s/trackID=2", 1, 2).seq()).isEqualTo(OptionalInt.of(6));
            assertThat(RtpInfo.forTrack(infos, "rtsp://h/s/trackID=2", 1, 3)).isNull();
        }
    }

    @Nested
    class Public {

        @Test
        void methodList() {
            PublicMethods p = PublicMethods.parse(List.of(
                    "OPTIONS, DESCRIBE, PLAY, PAUSE, SETUP, TEARDOWN, SET_PARAMETER, GET_PARAMETER"));

            assertThat(p.supportsGetParameter()).isTrue();
            assertThat(p.supports("pause")).isTrue();
            assertThat(p.methods()).startsWith("OPTIONS", "DESCRIBE");
        }

        @Test
        void withoutGetParameter() {
            PublicMethods p = PublicMethods.parse(List.of("OPTIONS,DESCRIBE,SETUP,PLAY,TEARDOWN"));

            assertThat(p.supportsGetParameter()).isFalse();
            assertThat(p.methods()).hasSize(5);
        }

        @Test
        void severalHeadersSpacesAndLowerCase() {
            PublicMethods p = PublicMethods.parse(List.of("OPTIONS DESCRIBE", " setup ,play,, get_parameter "));

            assertThat(p.methods()).containsExactly("OPTIONS", "DESCRIBE", "SETUP", "PLAY", "GET_PARAMETER");
        }

        @Test
        void noHeader() {
            assertThat(PublicMethods.parse(List.of()).supportsGetParameter()).isFalse();
        }
    }
}
