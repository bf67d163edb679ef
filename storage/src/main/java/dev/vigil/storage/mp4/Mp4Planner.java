package dev.vigil.storage.mp4;

import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.rf1.IndexEntry;
import dev.vigil.storage.rf1.Rf1Flags;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackReader;
import dev.vigil.storage.segment.SegmentWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Plans the MP4 export of {@code [start, end)} of one camera from the RF1 indexes of its segments.
 *
 * <p>Decoding starts at the key frame at or before {@code start} (looked for back across hard
 * rolls into contiguous earlier segments); presentation starts at {@code start}, which the edit
 * list expresses. Access units (entries sharing a pts) become samples; parameter-set NAL units that
 * repeat the sample description are left out of the samples (hvc1 wants them only there), one that
 * differs stays in its sample so that a decoder still sees it. The only packet bytes read are
 * start codes, ADTS headers and parameter sets, through a mapping.
 *
 * <p>A segment not contiguous with the one before is a gap: {@link GapMode#STOP} ends the plan
 * there, {@link GapMode#JOIN} goes on and the last sample before the gap lasts until the next one.
 * A segment whose parameter sets (or audio format) differ ends the plan in both modes.
 */
public final class Mp4Planner {
    public static final int VIDEO_TIMESCALE = 90_000;
    /** Audio of at most this much before the first audio frame is not waited for. */
    private static final int AAC_FRAME = 1024;

    private Mp4Planner() {}

    /**
     * @param segments the camera's segments ordered by start, covering the range; include the
     *     segment before {@code startMicros} when it is contiguous, so that a range starting in a
     *     segment that continues a GOP finds its key frame
     */
    public static Mp4Plan plan(List<SegmentRef> segments, long startMicros, long endMicros, GapMode gaps) throws IOException {
        if (endMicros <= startMicros) throw new IllegalArgumentException("empty range [" + startMicros + ", " + endMicros + ")");
        try (Walk walk = new Walk(segments, startMicros, endMicros, gaps)) {
            return walk.run();
        }
    }

    /** Converts an absolute time given as (time base - origin) µs plus RF1 ticks to a timescale, rounding to nearest. */
    static long toScale(long deltaMicros, long ticks, int timescale) {
        // delta/1e6 + ticks/4096 seconds, over the common denominator 64e6 (4096 * 15625 = 64e6).
        long num = deltaMicros * timescale * 64 + ticks * timescale * 15_625;
        return Math.floorDiv(num + 32_000_000L, 64_000_000L);
    }

    /** The first tick whose time is at or after {@code offsetMicros} after the time base. */
    static long ceilTicks(long offsetMicros) {
        return -Math.floorDiv(-offsetMicros * IndexEntry.TICKS_PER_SECOND, 1_000_000L);
    }

    /** One planning pass; owns the readers it opens. */
    private static final class Walk implements AutoCloseable {
        final List<SegmentRef> segments;
        final long start, end;
        final GapMode gaps;
        final List<TrackReader> open = new ArrayList<>();
        final List<Path> sources = new ArrayList<>();
        final StringBuilder tag = new StringBuilder();
        final TrackBuilder video = new TrackBuilder(VIDEO_TIMESCALE);
        TrackBuilder audio;
        long presentation;
        Codec videoCodec;
        int width, height;
        List<byte[]> parameterSets;
        Codec audioCodec;
        int sampleRate, channels;
        byte[] audioConfig;

        Walk(List<SegmentRef> segments, long start, long end, GapMode gaps) {
            this.segments = segments;
            this.start = start;
            this.end = end;
            this.gaps = gaps;
            tag.append(start).append('/').append(end).append('/').append(gaps);
        }

        Mp4Plan run() throws IOException {
            int first = -1;
            for (int i = 0; i < segments.size(); i++) {
                SegmentRef s = segments.get(i);
                if (s.endMicros() > start && s.startMicros() < end && s.has(SegmentWriter.VIDEO)) {
                    first = i;
                    break;
                }
            }
            if (first < 0) return empty();
            // Decoding starts at the key frame at or before start, in this segment or a contiguous earlier one.
            int keySeg = -1, keyEntry = -1;
            for (int j = first; j >= 0; j--) {
                if (j < first && segments.get(j).endMicros() != segments.get(j + 1).startMicros()) break;
                SegmentRef s = segments.get(j);
                if (!s.has(SegmentWriter.VIDEO)) break;
                TrackReader r = reader(s, SegmentWriter.VIDEO);
                long limit = j == first ? IndexEntry.ticksFromMicros(start - s.startMicros()) : Long.MAX_VALUE;
                if (limit < 0) break;
                int k = keyAtOrBefore(r, limit);
                if (k >= 0) {
                    keySeg = j;
                    keyEntry = k;
                    break;
                }
            }
            if (keySeg < 0) {
                // Nothing decodable before start: begin at the first key frame after it.
                for (int j = first; j < segments.size() && keySeg < 0; j++) {
                    SegmentRef s = segments.get(j);
                    if (s.startMicros() >= end) break;
                    if (!s.has(SegmentWriter.VIDEO)) continue;
                    TrackReader r = reader(s, SegmentWriter.VIDEO);
                    int to = r.firstAtOrAfter(ceilTicks(end - s.startMicros()));
                    for (int i = r.firstAtOrAfter(Math.max(0, ceilTicks(start - s.startMicros()))); i < to; i++) {
                        if (Rf1Flags.isKeyFrame(r.flags(i))) {
                            keySeg = j;
                            keyEntry = r.firstAtOrAfter(r.pts(i));
                            break;
                        }
                    }
                }
                if (keySeg < 0) return empty();
            }
            SegmentRef ks = segments.get(keySeg);
            TrackReader kr = reader(ks, SegmentWriter.VIDEO);
            long keyMicros = ks.startMicros() + IndexEntry.microsFromTicks(kr.pts(keyEntry));
            presentation = Math.max(start, keyMicros);

            StopReason reason = StopReason.END;
            long next = -1;
            SegmentRef last = null;
            for (int j = keySeg; j < segments.size(); j++) {
                SegmentRef s = segments.get(j);
                if (s.startMicros() >= end) break;
                if (last != null && s.startMicros() != last.endMicros() && gaps == GapMode.STOP) {
                    reason = StopReason.GAP;
                    next = s.startMicros();
                    break;
                }
                if (!s.has(SegmentWriter.VIDEO)) {
                    last = s; // audio only: nothing to show, but it keeps the run contiguous
                    continue;
                }
                TrackReader v = reader(s, SegmentWriter.VIDEO);
                PacketsView vp = new PacketsView(v.packetsChannel(), v.packetsEnd());
                if (!sameVideoFormat(v, vp)) {
                    reason = StopReason.FORMAT_CHANGE;
                    next = s.startMicros();
                    break;
                }
                TrackReader a = null;
                PacketsView ap = null;
                if (s.has(SegmentWriter.AUDIO)) {
                    a = reader(s, SegmentWriter.AUDIO);
                    ap = a.entryCount() == 0 ? null : new PacketsView(a.packetsChannel(), a.packetsEnd());
                    if (ap != null && !sameAudioFormat(a, ap)) {
                        reason = StopReason.FORMAT_CHANGE;
                        next = s.startMicros();
                        break;
                    }
                }
                tag.append('|').append(s.base()).append(':').append(v.entryCount()).append(':').append(v.packetsEnd());
                int to = v.firstAtOrAfter(ceilTicks(end - s.startMicros()));
                addVideo(s, v, vp, j == keySeg ? keyEntry : 0, to);
                if (ap != null) {
                    tag.append(':').append(a.entryCount()).append(':').append(a.packetsEnd());
                    int from = a.firstAtOrAfter(Math.max(0, ceilTicks(presentation - s.startMicros())));
                    addAudio(s, a, ap, from, a.firstAtOrAfter(ceilTicks(end - s.startMicros())));
                }
                last = s;
            }
            if (video.count() == 0) return empty();

            // The last sample lasts until the end of the range or of the recording, whichever is first.
            long boundaryMicros = Math.min(end, last.endMicros());
            long videoBoundary = toScale(boundaryMicros - presentation, 0, VIDEO_TIMESCALE);
            TrackPlan vt = video.build(videoCodec, width, height, 0, 0, parameterSets, null, videoBoundary, VIDEO_TIMESCALE / 25);
            long endMicros = presentation + Math.floorDiv((vt.firstSampleOffset + vt.mediaDuration()) * 1_000_000L, VIDEO_TIMESCALE);
            TrackPlan at = null;
            if (audio != null && audio.count() > 0) {
                long audioBoundary = toScale(endMicros - presentation, 0, sampleRate);
                at = audio.build(audioCodec, 0, 0, sampleRate, channels, List.of(), audioConfig, audioBoundary,
                        audioCodec == Codec.AAC ? AAC_FRAME : sampleRate / 50);
            }
            return new Mp4Plan(presentation, endMicros, keyMicros, reason, next, etag(), vt, at, sources);
        }

        private Mp4Plan empty() {
            long next = -1;
            for (SegmentRef s : segments) {
                if (s.startMicros() >= end) {
                    next = s.startMicros();
                    break;
                }
            }
            return new Mp4Plan(start, start, start, StopReason.END, next, etag(), null, null, sources);
        }

        /** The first entry of the access unit of the last key frame with pts at or before {@code limit}, or -1. */
        private static int keyAtOrBefore(TrackReader r, long limit) {
            int i = limit >= Integer.MAX_VALUE ? r.entryCount() : r.firstAfter(limit);
            for (i--; i >= 0; i--) {
                if (Rf1Flags.isKeyFrame(r.flags(i))) return r.firstAtOrAfter(r.pts(i));
            }
            return -1;
        }

        /** Takes the segment's leading parameter sets as the description, or checks they are the same. */
        private boolean sameVideoFormat(TrackReader v, PacketsView p) {
            List<byte[]> sets = new ArrayList<>(3);
            for (int i = 0; i < v.entryCount() && Rf1Flags.isEssential(v.flags(i)); i++) {
                int sc = p.startCode(v.location(i), v.length(i));
                sets.add(p.bytes(v.location(i) + sc, v.length(i) - sc));
            }
            if (parameterSets == null) {
                parameterSets = sets;
                videoCodec = v.codec();
                width = v.header().width();
                height = v.header().height();
                return true;
            }
            return v.codec() == videoCodec && v.header().width() == width && v.header().height() == height && equal(sets, parameterSets);
        }

        private boolean sameAudioFormat(TrackReader a, PacketsView p) {
            byte[] config = a.codec() == Codec.AAC ? Adts.audioSpecificConfig(p.bytes(a.location(0), Math.min(7, a.length(0)))) : null;
            int rate = a.header().sampleRate();
            if (audioCodec == null) {
                audioCodec = a.codec();
                sampleRate = rate;
                channels = a.header().channels();
                audioConfig = config;
                audio = new TrackBuilder(rate);
                return true;
            }
            return a.codec() == audioCodec && rate == sampleRate && a.header().channels() == channels && Arrays.equals(config, audioConfig);
        }

        private static boolean equal(List<byte[]> a, List<byte[]> b) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) if (!Arrays.equals(a.get(i), b.get(i))) return false;
            return true;
        }

        private boolean isDescribed(byte[] nal) {
            for (byte[] s : parameterSets) if (Arrays.equals(s, nal)) return true;
            return false;
        }

        private void addVideo(SegmentRef s, TrackReader r, PacketsView p, int from, int to) {
            int source = source(r);
            long delta = s.startMicros() - presentation;
            int i = from;
            while (i < to) {
                int pts = r.pts(i);
                int j = i;
                boolean key = false;
                while (j < to && r.pts(j) == pts) key |= Rf1Flags.isKeyFrame(r.flags(j++));
                video.begin(toScale(delta, pts, VIDEO_TIMESCALE), key);
                for (int e = i; e < j; e++) {
                    long loc = r.location(e);
                    int len = r.length(e);
                    int sc = p.startCode(loc, len);
                    if (Rf1Flags.isEssential(r.flags(e)) && isDescribed(p.bytes(loc + sc, len - sc))) continue;
                    video.piece(source, loc, len, sc | TrackPlan.LENGTH_PREFIX);
                }
                video.end();
                i = j;
            }
        }

        private void addAudio(SegmentRef s, TrackReader r, PacketsView p, int from, int to) {
            int source = source(r);
            long delta = s.startMicros() - presentation;
            for (int i = from; i < to; i++) {
                long loc = r.location(i);
                int len = r.length(i);
                int skip = audioCodec == Codec.AAC ? Adts.headerLength(p.u8(loc + 1)) : 0;
                if (len <= skip) continue;
                audio.begin(toScale(delta, r.pts(i), sampleRate), true);
                audio.piece(source, loc, len, skip);
                audio.end();
            }
        }

        private int source(TrackReader r) {
            Path p = r.files().packets();
            int i = sources.indexOf(p);
            if (i >= 0) return i;
            sources.add(p);
            return sources.size() - 1;
        }

        private TrackReader reader(SegmentRef s, String track) throws IOException {
            Path index = TrackFiles.of(s.dir(), s.base(), track).index();
            for (TrackReader r : open) if (r.files().index().equals(index)) return r;
            if (!Files.exists(index)) throw new IOException("segment " + s.base() + " has no " + track + " track at " + index);
            TrackReader r = TrackReader.open(index);
            open.add(r);
            return r;
        }

        private String etag() {
            try {
                byte[] h = MessageDigest.getInstance("SHA-256").digest(tag.toString().getBytes(StandardCharsets.UTF_8));
                return '"' + HexFormat.of().formatHex(h, 0, 16) + '"';
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws IOException {
            IOException failure = null;
            for (TrackReader r : open) {
                try {
                    r.close();
                } catch (IOException e) {
                    if (failure == null) failure = e;
                    else failure.addSuppressed(e);
                }
            }
            if (failure != null) throw failure;
        }
    }
}
