package dev.vigil.rtsp.session;

import dev.vigil.rtsp.TrackReceiver;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/** One track chosen from the SDP, while it is set up and played. */
final class SetupTrack {
    final int index;
    final SdpMedia media;
    final String controlUrl;
    final dev.vigil.rtsp.Codec codec;
    TrackReceiver receiver;
    /** UDP only: our sockets and where the camera sends from. */
    Channel rtpSocket;
    Channel rtcpSocket;
    InetSocketAddress serverRtcp;

    SetupTrack(int index, SdpMedia media, String controlUrl, dev.vigil.rtsp.Codec codec) {
        this.index = index;
        this.media = media;
        this.controlUrl = controlUrl;
        this.codec = codec;
    }

    void closeSockets() {
        if (rtpSocket != null) rtpSocket.close();
        if (rtcpSocket != null) rtcpSocket.close();
        rtpSocket = null;
        rtcpSocket = null;
    }

    /** The module's output codec for an SDP codec, or null when it is not one we record. */
    static dev.vigil.rtsp.Codec outputCodec(Codec sdpCodec) {
        return switch (sdpCodec) {
            case H264 -> dev.vigil.rtsp.Codec.H264;
            case H265 -> dev.vigil.rtsp.Codec.H265;
            case AAC -> dev.vigil.rtsp.Codec.AAC;
            case PCMU -> dev.vigil.rtsp.Codec.PCMU;
            case PCMA -> dev.vigil.rtsp.Codec.PCMA;
            default -> null;
        };
    }
}
