package dev.vigil.storage.mp4;

/** What an export does where the recording has a gap (or the stream's format changes). */
public enum GapMode {
    /** End the file at the gap; the plan says where the next run starts. */
    STOP,
    /** Go on with the next run; the time of the gap stays in the file (the last frame before it lasts that long). */
    JOIN
}
