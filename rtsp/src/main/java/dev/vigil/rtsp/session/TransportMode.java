package dev.vigil.rtsp.session;

/** How RTP reaches us: interleaved in the RTSP connection, over UDP, or whichever works. */
public enum TransportMode {
    TCP,
    UDP,
    /** UDP first; TCP when UDP brings no media or the camera refuses it; back to UDP if TCP is refused. */
    AUTO
}
