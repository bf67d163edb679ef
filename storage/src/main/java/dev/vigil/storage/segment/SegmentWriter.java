package dev.vigil.storage.segment;

import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.rf1.IndexEntry;
import dev.vigil.storage.rf1.NalClassifier;
import dev.vigil.storage.rf1.Rf1Flags;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackHeader;
import dev.vigil.storage.rf1.TrackReader;
import dev.vigil.storage.rf1.TrackWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one camera's frames into consecutive segments: {@code <dir>/<startMillis>_video.rf1{i,p}}
 * and {@code _audio}, the reference archive layout.
 *
 * <p>A segment rolls <em>before</em> any RF1 limit would be passed. It rolls softly at the first
 * key frame past the {@link RollPolicy} thresholds, and hard at any frame that would not fit; a
 * hard roll cuts a GOP, and the new segment records that it continues one. It also rolls when the
 * picture format changes or time goes backwards. Every new segment begins with the parameter sets
 * in effect, flagged essential. Consecutive segments of a roll are exactly contiguous: one ends
 * where the next begins.
 *
 * <p>Audio follows the video's segments. Not thread-safe: one writer thread per camera.
 */
public final class SegmentWriter implements Closeable {
    public static final String VIDEO = "video";
    public static final String AUDIO = "audio";

    private final Path dir;
    private final RollPolicy policy;
    private final SegmentListener listener;
    private final ParameterSets parameterSets = new ParameterSets();
    private boolean firstSegment = true;
    private Segment current;
    /** The current segment as {@link #writeOut()} found it, until {@link #writeIndex()}. */
    private SegmentInfo marked;
    /** Audio filled its soft threshold: roll at the next key frame. */
    private boolean audioWantsRoll;
    private long droppedAudioFrames;
    private long hardRolls;
    private long softRolls;

    public SegmentWriter(Path dir, RollPolicy policy, SegmentListener listener) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.policy = policy;
        this.listener = listener;
    }

    /** Stores one video access unit, rolling first when it must. */
    public void write(VideoFrame frame) throws IOException {
        List<ByteBuffer> nals = frame.nals();
        int[] flags = new int[nals.size()];
        boolean key = false;
        long bytes = 0;
        for (ByteBuffer p : frame.parameterSets()) parameterSets.offer(frame.codec(), p);
        for (int i = 0; i < flags.length; i++) {
            ByteBuffer nal = nals.get(i);
            flags[i] = NalClassifier.flags(frame.codec(), nal.get(nal.position()));
            key |= Rf1Flags.isKeyFrame(flags[i]);
            bytes += nal.remaining() + 4L;
            parameterSets.offer(frame.codec(), nal);
        }
        long t = frame.timeMicros();
        if (current != null) {
            Segment s = current;
            TrackWriter v = s.video;
            long pts = IndexEntry.ticksFromMicros(t - s.startMicros);
            if (t < s.startMicros || t < s.lastVideoMicros || !s.sameFormat(frame)) {
                closeCurrent(endBefore(s, t));
            } else if (v != null && key && (audioWantsRoll || pts >= policy.softTicks(s.first)
                    || v.size() >= policy.softBytes() || v.entryCount() >= policy.softEntries())) {
                softRolls++;
                closeCurrent(t);
            } else if (v == null ? pts > IndexEntry.MAX_PTS : !v.fits(pts, nals.size(), bytes)) {
                hardRolls++;
                closeCurrent(t);
            }
        }
        if (current == null) open(t);
        boolean opened = current.video == null && current.audio == null;
        Segment s = current;
        if (s.video == null) {
            // A new segment, or one that audio opened a moment before the first video frame.
            s.video = TrackWriter.create(TrackFiles.of(dir, s.base, VIDEO),
                    TrackHeader.video(frame.codec(), s.startMicros, frame.width(), frame.height()));
            s.videoFormat = new VideoFormat(frame.codec(), frame.width(), frame.height());
            s.startsWithKeyFrame = key;
        }
        int pts = (int) IndexEntry.ticksFromMicros(t - s.startMicros);
        if (s.video.entryCount() == 0) {
            // Begin with the parameter sets in effect; the frame's own are written in their place.
            for (ByteBuffer p : parameterSets.inEffect()) s.video.append(pts, p, Rf1Flags.ESSENTIAL | Rf1Flags.ANNEX_B);
            for (int i = 0; i < flags.length; i++) {
                if (!Rf1Flags.isEssential(flags[i])) s.video.append(pts, nals.get(i), flags[i]);
            }
        } else {
            for (int i = 0; i < flags.length; i++) s.video.append(pts, nals.get(i), flags[i]);
        }
        if (opened) listener.opened(s.info(s.startMicros, false));
        if (s.lastVideoMicros >= 0 && t > s.lastVideoMicros) s.lastInterval = t - s.lastVideoMicros;
        s.lastVideoMicros = t;
    }

    /**
     * Stores one audio frame in the current segment. A frame that arrives just before the segment's
     * start (audio and video interleave loosely) is stored at pts 0 rather than lost; one that would
     * pass an RF1 limit is dropped and counted, and the segment rolls at the next key frame.
     */
    public void write(AudioFrame frame) throws IOException {
        if (current == null || current.audio != null && !current.sameFormat(frame)) {
            if (current != null) closeCurrent(current.endEstimate());
            open(frame.timeMicros());
        }
        Segment s = current;
        // Announced once its first frame is written, as for video: a segment that never got one does not exist.
        boolean announce = s.audio == null && s.video == null;
        if (s.audio == null) {
            s.audio = TrackWriter.create(TrackFiles.of(dir, s.base, AUDIO),
                    TrackHeader.audio(frame.codec(), s.startMicros, frame.sampleRate(), frame.channels()));
            s.audioFormat = new AudioFormat(frame.codec(), frame.sampleRate(), frame.channels());
        }
        TrackWriter a = s.audio;
        long pts = Math.max(a.lastPts(), Math.max(0, IndexEntry.ticksFromMicros(frame.timeMicros() - s.startMicros)));
        if (a.entryCount() >= policy.softEntries() || a.size() >= policy.softBytes()) audioWantsRoll = true;
        if (!a.fits(pts, 1, frame.data().remaining())) {
            droppedAudioFrames++;
            audioWantsRoll = true;
            return;
        }
        a.append((int) pts, frame.data(), Rf1Flags.KEY_FRAME);
        s.lastAudioMicros = Math.max(s.lastAudioMicros, frame.timeMicros());
        if (announce) listener.opened(s.info(s.startMicros, false));
    }

    /** Makes everything written so far durable (see {@link TrackWriter#flush()}). */
    public void flush() throws IOException {
        Segment s = current;
        if (s == null) return;
        if (s.video != null) s.video.flush();
        if (s.audio != null) s.audio.flush();
    }

    /**
     * First half of a group flush (see {@link TrackWriter#writeOut()}): writes out the packet bytes
     * of everything written so far, and remembers what the segment holds at this point.
     */
    public void writeOut() throws IOException {
        Segment s = current;
        marked = s == null ? null : s.info(s.endEstimate(), false);
        if (s == null) return;
        if (s.video != null) s.video.writeOut();
        if (s.audio != null) s.audio.writeOut();
    }

    /**
     * Second half of a group flush, once the caller has synced what {@link #writeOut()} wrote:
     * writes the index entries of what it wrote out. Returns the segment as it stood at
     * {@link #writeOut()}, which the caller's next sync makes durable, or null when that segment has
     * been closed since (its close made it durable and announced it) or there was none.
     */
    public SegmentInfo writeIndex() throws IOException {
        Segment s = current;
        SegmentInfo info = marked;
        marked = null;
        if (s == null || info == null || !info.base().equals(s.base)) return null;
        if (s.video != null) s.video.writeIndex();
        if (s.audio != null) s.audio.writeIndex();
        return info;
    }

    /** Closes the current segment; the next frame starts a new one (a new run: reconnect, time jump). */
    public void roll() throws IOException {
        if (current != null) closeCurrent(current.endEstimate());
    }

    /**
     * As {@link #roll()}, knowing when the next frame, the first of a new run, is: the segment ends
     * before it, a microsecond at least. Runs are told apart in the catalog by exact contiguity, so
     * a new run must not touch the one before; nor may it overlap it.
     */
    public void roll(long nextFrameMicros) throws IOException {
        if (current != null) closeCurrent(endBefore(current, nextFrameMicros - 1));
    }

    /**
     * Where a segment ends when the next frame, at {@code next}, opens another: its estimated end
     * (last frame plus one interval), but never past {@code next}, so that consecutive rows never
     * overlap; when time went backwards (a new run that overlaps this one) the estimate stands.
     */
    private static long endBefore(Segment s, long next) {
        long estimate = s.endEstimate();
        return next >= s.lastVideoMicros ? Math.max(s.startMicros, Math.min(estimate, next)) : estimate;
    }

    /** The segment being written, or null between segments. */
    public SegmentInfo currentSegment() {
        return current == null ? null : current.info(current.endEstimate(), false);
    }

    public long hardRolls() {
        return hardRolls;
    }

    public long softRolls() {
        return softRolls;
    }

    public long droppedAudioFrames() {
        return droppedAudioFrames;
    }

    @Override
    public void close() throws IOException {
        roll();
    }

    private void open(long startMicros) throws IOException {
        long millis = Math.floorDiv(startMicros, 1000);
        // Two segments starting within one millisecond (a forced roll) must not share a name.
        while (Files.exists(TrackFiles.of(dir, Long.toString(millis), VIDEO).index())
                || Files.exists(TrackFiles.of(dir, Long.toString(millis), AUDIO).index())) millis++;
        current = new Segment(Long.toString(millis), startMicros, firstSegment);
        firstSegment = false;
        audioWantsRoll = false;
    }

    private void closeCurrent(long endMicros) throws IOException {
        Segment s = current;
        current = null;
        IOException failure = null;
        boolean repaired = false;
        for (TrackWriter w : new TrackWriter[] {s.video, s.audio}) {
            if (w == null) continue;
            try {
                w.close();
            } catch (IOException e) {
                // A full or failing disk: close in place what was made durable. Recovery only
                // truncates and overwrites, so it works where the close's writes did not.
                try {
                    TrackWriter.recover(w.files().index());
                    repaired = true;
                } catch (IOException again) {
                    e.addSuppressed(again);
                }
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        // A segment with no entries (its first write failed, a full disk) holds nothing: its files
        // go, and since its opening was never announced, neither is its closing.
        if (s.video != null || s.audio != null) {
            SegmentInfo info = repaired ? s.infoFromDisk(endMicros) : s.info(endMicros, true);
            if (info.entries() > 0) {
                listener.closed(info);
            } else {
                for (TrackWriter w : new TrackWriter[] {s.video, s.audio}) {
                    if (w == null) continue;
                    Files.deleteIfExists(w.files().index());
                    Files.deleteIfExists(w.files().packets());
                }
            }
        }
        if (failure != null) throw failure;
    }

    /**
     * What a segment's track was opened with: a new format needs a new segment. Not the frame
     * itself: a segment lives for many minutes, and its first key frame (hundreds of kilobytes at
     * 1080p) held that long, per camera, was the biggest thing on the heap (BENCHMARKS.md).
     */
    private record VideoFormat(Codec codec, int width, int height) {}

    private record AudioFormat(Codec codec, int sampleRate, int channels) {}

    /** The mutable state of the segment being written. */
    private final class Segment {
        final String base;
        final long startMicros;
        final boolean first;
        boolean startsWithKeyFrame = true;
        TrackWriter video;
        TrackWriter audio;
        VideoFormat videoFormat;
        AudioFormat audioFormat;
        long lastVideoMicros = -1;
        long lastAudioMicros = -1;
        long lastInterval;

        Segment(String base, long startMicros, boolean first) {
            this.base = base;
            this.startMicros = startMicros;
            this.first = first;
        }

        boolean sameFormat(VideoFrame f) {
            VideoFormat g = videoFormat;
            return g == null || g.codec() == f.codec() && g.width() == f.width() && g.height() == f.height();
        }

        boolean sameFormat(AudioFrame f) {
            AudioFormat g = audioFormat;
            return g == null || g.codec() == f.codec() && g.sampleRate() == f.sampleRate() && g.channels() == f.channels();
        }

        long endEstimate() {
            long v = lastVideoMicros < 0 ? startMicros : lastVideoMicros + lastInterval;
            return Math.max(v, lastAudioMicros);
        }

        /** What the files say after a repair: the flushed prefix only. */
        SegmentInfo infoFromDisk(long endMicros) {
            List<String> tracks = new ArrayList<>(2);
            int entries = 0;
            long bytes = 0;
            long end = startMicros;
            for (TrackWriter w : new TrackWriter[] {video, audio}) {
                if (w == null) continue;
                tracks.add(w == video ? VIDEO : AUDIO);
                try (TrackReader r = TrackReader.open(w.files().index())) {
                    entries += r.entryCount();
                    bytes += r.packetsEnd();
                    end = Math.max(end, r.estimatedEndMicros());
                } catch (IOException e) {
                    // Unreadable even after the repair: report it empty; startup recovery will look again.
                }
            }
            return new SegmentInfo(dir, base, startMicros, Math.min(end, endMicros), tracks, entries, bytes, startsWithKeyFrame, true);
        }

        SegmentInfo info(long endMicros, boolean closed) {
            List<String> tracks = new ArrayList<>(2);
            int entries = 0;
            long bytes = 0;
            if (video != null) {
                tracks.add(VIDEO);
                entries += video.entryCount();
                bytes += video.size();
            }
            if (audio != null) {
                tracks.add(AUDIO);
                entries += audio.entryCount();
                bytes += audio.size();
            }
            return new SegmentInfo(dir, base, startMicros, endMicros, tracks, entries, bytes, startsWithKeyFrame, closed);
        }
    }
}
