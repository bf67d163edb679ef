package dev.vigil.daemon.api;

import dev.vigil.daemon.ops.Response;
import dev.vigil.storage.catalog.SegmentState;
import dev.vigil.storage.mp4.Fmp4;
import dev.vigil.storage.mp4.GapMode;
import dev.vigil.storage.mp4.Mp4Plan;
import dev.vigil.storage.mp4.Mp4Planner;
import dev.vigil.storage.mp4.SegmentRef;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code live.m3u8}: the last complete fragments (GOPs) of what a camera is recording, as a sliding
 * HLS window. Each segment is planned on its own from its start, so a fragment is named by its
 * segment and its start time ({@code live/<base>/<startMicros>.m4s}) and means the same bytes on
 * every refresh while the segment grows; each segment has its own init (and so a discontinuity
 * where the window crosses into the next one). The last fragment of an open segment may still
 * grow, so it is left out until the next key frame closes it.
 */
final class LiveRoutes {
    /** Fragments in the window: about 6 GOPs, what RFC 8216 §6.3.3 asks a client to have room for (3 target durations) and some. */
    static final int WINDOW = 6;
    /** Segments looked back through for the window; more than one only just after a roll. */
    private static final int MAX_SEGMENTS = 4;
    /** How far back segments are listed: a window never needs older ones than a few GOPs before the last frame. */
    private static final long RECENT = 300_000_000L;
    private static final Pattern BASE = Pattern.compile("\\d{1,16}");
    private static final Pattern FRAGMENT = Pattern.compile("(\\d{1,19})\\.m4s");

    private final Archive archive;
    private final Clock clock;
    private final Map<String, LiveSequence> sequences = new ConcurrentHashMap<>();

    LiveRoutes(Archive archive, Clock clock) {
        this.archive = archive;
        this.clock = clock;
    }

    /** A fragment of a segment's plan. */
    private record Live(SegmentRef segment, Fmp4.Fragment fragment) {}

    Response playlist(String camera) throws IOException {
        Optional<long[]> extent = archive.catalog().extent(camera);
        if (extent.isEmpty()) throw new ApiProblem(404, "camera '" + camera + "' has not recorded anything yet");
        long last = extent.get()[1];
        // The latest segments, newest first, until the window is full.
        List<Live> window = new ArrayList<>();
        List<SegmentRef> recent = archive.segments(camera, last - RECENT, last);
        int looked = 0;
        for (int i = recent.size() - 1; i >= 0 && window.size() < WINDOW && looked < MAX_SEGMENTS; i--, looked++) {
            SegmentRef s = recent.get(i);
            List<Live> ofSegment = fragments(camera, s);
            for (int j = ofSegment.size() - 1; j >= 0 && window.size() < WINDOW; j--) window.add(ofSegment.get(j));
        }
        if (window.isEmpty()) {
            throw new ApiProblem(404, "camera '" + camera + "' has no complete GOP in its latest segments yet; retry in a few seconds");
        }
        Collections.reverse(window);
        List<LiveSequence.Key> keys = window.stream().map(l -> new LiveSequence.Key(l.segment().base(), l.fragment().startMicros())).toList();
        LiveSequence.Numbers n = sequences.computeIfAbsent(camera, c -> new LiveSequence(clock.millis())).number(keys);
        List<Playlists.Item> items = new ArrayList<>();
        for (Live l : window) {
            String dir = "live/" + l.segment().base() + "/";
            items.add(new Playlists.Item(dir + l.fragment().startMicros() + ".m4s", l.fragment().startMicros(),
                    l.fragment().durationMicros(), dir + "init.mp4"));
        }
        return Response.text(200, PlaybackRoutes.M3U8, Playlists.live(n.media(), n.discontinuity(), items));
    }

    Response part(String camera, String base, String name) throws IOException {
        if (!BASE.matcher(base).matches()) throw new ApiProblem(404, "no segment " + CameraNames.quote(base) + " (segments are named by their start in epoch ms)");
        Matcher m = FRAGMENT.matcher(name);
        if (!name.equals("init.mp4") && !m.matches()) {
            throw new ApiProblem(404, "no such live part " + CameraNames.quote(name) + "; there are init.mp4 and {startMicros}.m4s");
        }
        long baseMicros = Long.parseLong(base) * 1000L;
        SegmentRef segment = archive.segments(camera, baseMicros - 1_000_000L, baseMicros + 1_000_000L).stream()
                .filter(s -> s.base().equals(base)).findFirst()
                .orElseThrow(() -> new ApiProblem(404, "segment " + base + " of camera '" + camera + "' is gone (deleted by retention?); reload the playlist"));
        Mp4Plan plan = plan(segment);
        if (plan.isEmpty()) throw new ApiProblem(404, "segment " + base + " has no complete GOP yet");
        Fmp4 fmp4 = Fmp4.of(plan);
        if (name.equals("init.mp4")) return new Response(200, PlaybackRoutes.MP4, fmp4.init(), Map.of());
        long start = Long.parseLong(m.group(1));
        List<Fmp4.Fragment> all = fmp4.fragments();
        for (Fmp4.Fragment f : all) {
            if (f.startMicros() != start) continue;
            if (f.index() == all.size() - 1 && isOpen(camera, segment)) {
                // Still growing: its bytes would differ on the next request.
                throw new ApiProblem(404, "the fragment starting at " + start + " is still being recorded; reload the playlist");
            }
            return new Response(200, PlaybackRoutes.MP4, PlaybackRoutes.fragment(fmp4, f.index()), Map.of());
        }
        throw new ApiProblem(404, "no fragment starting at " + start + " in segment " + base + "; reload the playlist");
    }

    /** The complete fragments of one segment. */
    private List<Live> fragments(String camera, SegmentRef s) throws IOException {
        Mp4Plan plan = plan(s);
        if (plan.isEmpty()) return List.of();
        List<Fmp4.Fragment> all = Fmp4.of(plan).fragments();
        boolean open = isOpen(camera, s);
        int complete = open ? all.size() - 1 : all.size();
        List<Live> out = new ArrayList<>(complete);
        for (int i = 0; i < complete; i++) out.add(new Live(s, all.get(i)));
        return out;
    }

    private boolean isOpen(String camera, SegmentRef s) {
        if (archive.cameras().openSegment(camera).map(o -> o.base().equals(s.base())).orElse(false)) return true;
        return archive.catalog().segments(camera, s.startMicros(), s.startMicros() + 1).stream()
                .anyMatch(r -> r.base().equals(s.base()) && r.state() == SegmentState.OPEN);
    }

    /**
     * The segment alone from its start: a segment that continues a GOP (after a hard roll) begins
     * at its first key frame rather than repeating the previous segment's last fragment.
     */
    private static Mp4Plan plan(SegmentRef s) throws IOException {
        return Mp4Planner.plan(List.of(s), s.startMicros(), Math.max(s.endMicros(), s.startMicros() + 1), GapMode.STOP);
    }
}
