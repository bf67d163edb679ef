package dev.vigil.rtsp;

/**
 * The media codecs the depacketizers understand. Deliberately a separate enum from the storage
 * module's: this module must not depend on storage; the daemon maps one onto the other by name.
 */
public enum Codec {
    H264(true),
    H265(true),
    /** AAC, delivered as complete ADTS frames. */
    AAC(false),
    /** G.711 µ-law. */
    PCMU(false),
    /** G.711 A-law. */
    PCMA(false);

    private final boolean video;

    Codec(boolean video) {
        this.video = video;
    }

    public boolean isVideo() {
        return video;
    }
}
