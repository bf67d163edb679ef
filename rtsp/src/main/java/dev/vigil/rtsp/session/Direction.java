package dev.vigil.rtsp.session;

/** The media direction attribute; a recorder needs a stream the camera sends. */
enum Direction {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    /**
     * From the camera's point of view. In a DESCRIBE answer cameras write either {@code sendonly}
     * or {@code recvonly} for the same thing (both are seen in the wild), so neither is refused;
     * only {@code inactive} says there is nothing to receive.
     */
    boolean mayCarryMedia() {
        return this != INACTIVE;
    }
}
