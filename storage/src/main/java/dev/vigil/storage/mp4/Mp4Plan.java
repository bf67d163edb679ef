package dev.vigil.storage.mp4;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What an export of {@code [start, end)} contains, computed from the RF1 indexes alone: per track
 * the samples (where their bytes are, their sizes once start codes become lengths, their times),
 * the sample descriptions, and where and why the export stops. Immutable; holds no open files.
 */
public final class Mp4Plan {
    private final long startMicros;
    private final long endMicros;
    private final long mediaStartMicros;
    private final StopReason stopReason;
    private final long nextRunStartMicros;
    private final String etag;
    private final TrackPlan video;
    private final TrackPlan audio;
    private final List<Path> sources;

    Mp4Plan(long startMicros, long endMicros, long mediaStartMicros, StopReason stopReason, long nextRunStartMicros, String etag,
            TrackPlan video, TrackPlan audio, List<Path> sources) {
        this.startMicros = startMicros;
        this.endMicros = endMicros;
        this.mediaStartMicros = mediaStartMicros;
        this.stopReason = stopReason;
        this.nextRunStartMicros = nextRunStartMicros;
        this.etag = etag;
        this.video = video;
        this.audio = audio;
        this.sources = List.copyOf(sources);
    }

    /** Where presentation starts: the requested start, or the first key frame when nothing decodable precedes it. */
    public long startMicros() {
        return startMicros;
    }

    /** Where presentation ends: the requested end, or where the recording stops (a gap, a format change, its end). */
    public long endMicros() {
        return endMicros;
    }

    /** Where decoding starts: the key frame at or before {@link #startMicros()}. */
    public long mediaStartMicros() {
        return mediaStartMicros;
    }

    public StopReason stopReason() {
        return stopReason;
    }

    /** After a stop at a gap or a format change inside the range: where the recording continues. */
    public OptionalLong nextRunStartMicros() {
        return nextRunStartMicros < 0 ? OptionalLong.empty() : OptionalLong.of(nextRunStartMicros);
    }

    /** Nothing decodable in the range: no MP4 can be made. */
    public boolean isEmpty() {
        return video == null || video.count == 0;
    }

    /**
     * A strong validator for HTTP: a hash of the range, the options and, for every segment used,
     * its name and how many entries and packet bytes each track had. The same range over the same
     * files gives the same tag; a live segment that grew gives a new one.
     */
    public String etag() {
        return etag;
    }

    public int videoSamples() {
        return video == null ? 0 : video.count;
    }

    public int audioSamples() {
        return audio == null ? 0 : audio.count;
    }

    public boolean hasAudio() {
        return audio != null && audio.count > 0;
    }

    TrackPlan video() {
        return video;
    }

    /** Null without audio. */
    TrackPlan audio() {
        return hasAudio() ? audio : null;
    }

    /** The packets files the pieces refer to, by {@code pieceSource}. */
    List<Path> sources() {
        return sources;
    }
}
