package dev.vigil.rtsp.session;

/**
 * Session descriptions in the shape real cameras and servers send them, written from their
 * typical DESCRIBE answers (addresses and ids changed). Line ends are LF here; tests that care
 * convert them to CRLF, which is what the devices send.
 */
final class SdpFixtures {

    private SdpFixtures() {
    }

    /** Hikvision DS-2CD2xxx: absolute controls with a query, Media_header blobs, recvonly, PCMA. */
    static final String HIKVISION = """
            v=0
            o=- 1109162014219182 1109162014219192 IN IP4 192.168.1.64
            s=Media Presentation
            e=NONE
            b=AS:5050
            t=0 0
            a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/?transportmode=unicast
            m=video 0 RTP/AVP 96
            c=IN IP4 0.0.0.0
            b=AS:5000
            a=recvonly
            a=x-dimensions:1920,1080
            a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast
            a=rtpmap:96 H264/90000
            a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=Z00AKpY1QPAET8s3AQEBQAABwgAAV+QB,aO48gA==
            a=Media_header:MEDIAINFO=494D4B48010100000400010000000000000000000000000000000000000000000000000000000000;
            a=appversion:1.0
            m=audio 0 RTP/AVP 8
            c=IN IP4 0.0.0.0
            b=AS:50
            a=recvonly
            a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=2?transportmode=unicast
            a=rtpmap:8 PCMA/8000
            a=Media_header:MEDIAINFO=494D4B48010100000400010000000000000000000000000000000000000000000000000000000000;
            a=appversion:1.0
            """;

    /** Hikvision with H.265: the three sprop parameters, separated by "; ". */
    static final String HIKVISION_H265 = """
            v=0
            o=- 1651000000000000 1651000000000000 IN IP4 192.168.1.64
            s=Media Presentation
            e=NONE
            b=AS:5100
            t=0 0
            a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/?transportmode=unicast
            m=video 0 RTP/AVP 96
            c=IN IP4 0.0.0.0
            b=AS:5000
            a=recvonly
            a=x-dimensions:2688,1520
            a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast
            a=rtpmap:96 H265/90000
            a=fmtp:96 sprop-vps=QAEMAf//AWAAAAMAsAAAAwAAAwCWlwJA; sprop-sps=QgEBAWAAAAMAsAAAAwAAAwCWoAFQIAXxY2uSRS7AWoCAgKA=; sprop-pps=RAHA8vA8kAA=
            a=Media_header:MEDIAINFO=494D4B48010300000400050000000000000000000000000000000000000000000000000000000000;
            a=appversion:1.0
            """;

    /** Dahua: control "*", relative trackID=N, framerate with decimals, an ONVIF metadata track. */
    static final String DAHUA = """
            v=0
            o=- 2251938178 2251938178 IN IP4 0.0.0.0
            s=Media Server
            c=IN IP4 0.0.0.0
            t=0 0
            a=control:*
            a=packetization-supported:DH
            a=rtppayload-supported:DH
            a=range:npt=now-
            m=video 0 RTP/AVP 96
            a=control:trackID=0
            a=framerate:25.000000
            a=rtpmap:96 H264/90000
            a=fmtp:96 packetization-mode=1;profile-level-id=4D002A;sprop-parameter-sets=Z00AKp2oHgCJ+WbgICAgQA==,aO48gA==
            a=recvonly
            m=audio 0 RTP/AVP 97
            a=control:trackID=1
            a=rtpmap:97 MPEG4-GENERIC/16000
            a=fmtp:97 streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1408
            a=recvonly
            m=application 0 RTP/AVP 107
            a=control:trackID=4
            a=rtpmap:107 vnd.onvif.metadata/90000
            a=recvonly
            """;

    /** Axis (its server is GStreamer-based): absolute controls, camelCase AAC keys, 3x3 transform. */
    static final String AXIS = """
            v=0
            o=- 12345678901234567890 1 IN IP4 192.168.0.90
            s=Session streamed with GStreamer
            i=rtsp-server
            t=0 0
            a=tool:GStreamer
            a=type:broadcast
            a=range:npt=now-
            a=control:rtsp://192.168.0.90/axis-media/media.amp?videocodec=h264&audio=1
            m=video 0 RTP/AVP 96
            c=IN IP4 0.0.0.0
            b=AS:50000
            a=rtpmap:96 H264/90000
            a=fmtp:96 packetization-mode=1;profile-level-id=4d0029;sprop-parameter-sets=Z00AKeKQDwBE/LgLcBAQGkHiRFQ=,aO48gA==
            a=ts-refclk:local
            a=mediaclk:sender
            a=recvonly
            a=control:rtsp://192.168.0.90/axis-media/media.amp/stream=0?videocodec=h264&audio=1
            a=framerate:30.000000
            a=transform:1.000000,0.000000,0.000000;0.000000,1.000000,0.000000;0.000000,0.000000,1.000000
            m=audio 0 RTP/AVP 97
            c=IN IP4 0.0.0.0
            b=AS:32
            a=rtpmap:97 MPEG4-GENERIC/16000/1
            a=fmtp:97 streamtype=5;profile-level-id=2;mode=AAC-hbr;config=1408;sizeLength=13;indexLength=3;indexDeltaLength=3;bitrate=32000
            a=ts-refclk:local
            a=mediaclk:sender
            a=recvonly
            a=control:rtsp://192.168.0.90/axis-media/media.amp/stream=1?videocodec=h264&audio=1
            """;

    /** Reolink (a LIVE555 derivative): control "*", trackID=N, AAC, no direction attributes. */
    static final String REOLINK = """
            v=0
            o=- 1700000000000000 1 IN IP4 192.168.1.10
            s=Session streamed by "preview"
            i=h264Preview_01_main
            t=0 0
            a=tool:LIVE555 Streaming Media v2013.04.08
            a=type:broadcast
            a=control:*
            a=range:npt=0-
            a=x-qt-text-nam:Session streamed by "preview"
            a=x-qt-text-inf:h264Preview_01_main
            m=video 0 RTP/AVP 96
            c=IN IP4 0.0.0.0
            b=AS:500
            a=rtpmap:96 H264/90000
            a=fmtp:96 packetization-mode=1;profile-level-id=640033;sprop-parameter-sets=Z2QAM6wVFKAoAPGQ,aO48sA==
            a=control:trackID=1
            m=audio 0 RTP/AVP 97
            c=IN IP4 0.0.0.0
            b=AS:256
            a=rtpmap:97 MPEG4-GENERIC/16000
            a=fmtp:97 streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1408
            a=control:trackID=2
            """;

    /** LIVE555 testOnDemandRTSPServer: relative "track1", Content-Base with a trailing slash. */
    static final String LIVE555 = """
            v=0
            o=- 1700000000123456 1 IN IP4 192.168.1.2
            s=H.264 Video, streamed by the LIVE555 Media Server
            i=test.264
            t=0 0
            a=tool:LIVE555 Streaming Media v2023.01.19
            a=type:broadcast
            a=control:*
            a=range:npt=0-
            a=x-qt-text-nam:H.264 Video, streamed by the LIVE555 Media Server
            a=x-qt-text-inf:test.264
            m=video 0 RTP/AVP 96
            c=IN IP4 0.0.0.0
            b=AS:500
            a=rtpmap:96 H264/90000
            a=fmtp:96 packetization-mode=1;profile-level-id=42C01E;sprop-parameter-sets=Z0LAHtkDxWhAAAADAEAAAAwDxYuS,aMuMsg==
            a=control:track1
            """;

    /** GStreamer gst-rtsp-server test-launch: absolute stream=N controls, static PCMU with rtpmap. */
    static final String GSTREAMER = """
            v=0
            o=- 1188340656180883 1 IN IP4 127.0.0.1
            s=Session streamed with GStreamer
            i=rtsp-server
            t=0 0
            a=tool:GStreamer
            a=type:broadcast
            a=range:npt=now-
            a=control:rtsp://127.0.0.1:8554/test
            m=video 0 RTP/AVP 96
            c=IN IP4 0.0.0.0
            a=rtpmap:96 H264/90000
            a=framerate:30
            a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAHtkDxWhAAAADAEAAAAwDxYuS,aMuMsg==;profile-level-id=42c01e;level-asymmetry-allowed=1
            a=ts-refclk:local
            a=mediaclk:sender
            a=control:rtsp://127.0.0.1:8554/test/stream=0
            m=audio 0 RTP/AVP 0
            c=IN IP4 0.0.0.0
            a=rtpmap:0 PCMU/8000
            a=ts-refclk:local
            a=mediaclk:sender
            a=control:rtsp://127.0.0.1:8554/test/stream=1
            """;

    static String crlf(String lf) {
        return lf.replace("\n", "\r\n");
    }
}
