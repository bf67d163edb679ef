package dev.vigil.storage.rf1;

/** The 4-byte codec field of a track header, and the magic that goes with it. */
public enum Codec {
    H264("h264", true),
    H265("h265", true),
    /** AAC stored as ADTS frames (our audio extension). */
    AAC("aac ", false),
    /** G.711 µ-law. */
    PCMU("pcmu", false),
    /** G.711 A-law. */
    PCMA("pcma", false);

    private final String fourcc;
    private final boolean video;

    Codec(String fourcc, boolean video) {
        this.fourcc = fourcc;
        this.video = video;
    }

    /** Exactly four ASCII characters, as stored at header offset 4. */
    public String fourcc() {
        return fourcc;
    }

    public boolean isVideo() {
        return video;
    }

    /** {@code rf1v} for video, {@code rf1a} for audio. */
    public String magic() {
        return video ? "rf1v" : "rf1a";
    }

    public static Codec of(String magic, String fourcc) {
        for (Codec c : values()) {
            if (c.fourcc.equals(fourcc) && c.magic().equals(magic)) return c;
        }
        return null;
    }
}
