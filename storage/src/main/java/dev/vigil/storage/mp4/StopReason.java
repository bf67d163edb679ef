package dev.vigil.storage.mp4;

/** Why a plan ends where it does. */
public enum StopReason {
    /** The requested end, or the end of what was recorded (or flushed, for a live segment). */
    END,
    /** A gap in the recording, with {@link GapMode#STOP}. */
    GAP,
    /**
     * The next segment has other parameter sets or another audio format: one sample description
     * cannot describe both, so the file ends there and the caller may ask again from the next run.
     */
    FORMAT_CHANGE
}
