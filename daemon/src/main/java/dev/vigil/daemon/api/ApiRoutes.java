package dev.vigil.daemon.api;

import dev.vigil.daemon.ops.Request;
import dev.vigil.daemon.ops.Response;
import dev.vigil.daemon.ops.Route;
import dev.vigil.daemon.ops.Router;
import dev.vigil.storage.catalog.Recordings;
import dev.vigil.storage.catalog.SegmentRecord;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackHeader;
import dev.vigil.storage.rf1.TrackReader;
import dev.vigil.storage.segment.SegmentWriter;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/cameras...}: finds the camera named in the path (checked before anything touches the
 * disk) and hands the request to the route for the rest of the path.
 *
 * <pre>
 * /api/cameras                              the cameras, with state and what they recorded
 * /api/cameras/{name}/recordings            runs and gaps in [start, end)
 * /api/cameras/{name}/view.mp4              progressive MP4 of [start, end), byte ranges
 * /api/cameras/{name}/hls.m3u8              HLS VOD of [start, end), hls/init.mp4, hls/{k}.m4s
 * /api/cameras/{name}/live.m3u8             HLS live window, live/{base}/init.mp4, live/{base}/{start}.m4s
 * </pre>
 */
public final class ApiRoutes {
    /** Recordings of up to a year are listed at once: a year of runs is still a small answer. */
    static final long MAX_LISTING = 366 * TimeRange.DAY;

    private final Archive archive;
    private final PlaybackRoutes playback;
    private final LiveRoutes live;

    ApiRoutes(Archive archive, Clock clock) {
        this.archive = archive;
        this.playback = new PlaybackRoutes(archive);
        this.live = new LiveRoutes(archive, clock);
    }

    /** Adds the API and the web UI's files to {@code router}; {@code clock} numbers live playlists (see {@link LiveSequence}). */
    public static Router register(Router router, Archive archive, Clock clock) {
        ApiRoutes api = new ApiRoutes(archive, clock);
        return router.get("/api/cameras", api::handle).get("/api", r -> Response.error(404, "no such path: " + r.path()
                + "; the API is under /api/cameras")).get("/static", StaticRoutes::file).get("/", StaticRoutes::index);
    }

    Response handle(Request request) throws IOException {
        try {
            return dispatch(request);
        } catch (ApiProblem p) {
            return Response.error(p.status(), p.getMessage());
        }
    }

    private Response dispatch(Request request) throws IOException {
        String rest = request.path().substring("/api/cameras".length());
        if (rest.isEmpty() || rest.equals("/")) return cameras();
        String[] parts = rest.substring(1).split("/", -1);
        String camera = archive.camera(parts[0]);
        String what = parts.length > 1 ? parts[1] : "";
        switch (parts.length) {
            case 2:
                switch (what) {
                    case "recordings": return recordings(camera, request);
                    case "view.mp4": return playback.view(camera, request);
                    case "hls.m3u8": return playback.playlist(camera, request);
                    case "live.m3u8": return live.playlist(camera);
                    default: break;
                }
                break;
            case 3:
                if (what.equals("hls")) return playback.hlsPart(camera, parts[2], request);
                break;
            case 4:
                if (what.equals("live")) return live.part(camera, parts[2], parts[3]);
                break;
            default:
                break;
        }
        throw new ApiProblem(404, "no such path: " + CameraNames.quote(request.path())
                + "; under /api/cameras/{name}/ there are recordings, view.mp4, hls.m3u8 and live.m3u8");
    }

    private Response cameras() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String name : archive.names()) {
            Map<String, Object> o = new LinkedHashMap<>();
            Optional<Cameras.Status> status = archive.cameras().status(name);
            boolean configured = archive.cameras().configured().contains(name);
            o.put("name", name);
            o.put("state", status.map(Cameras.Status::state).orElse(configured ? "connecting" : "disabled"));
            Optional<long[]> extent = archive.catalog().extent(name);
            Optional<TrackHeader> video = extent.flatMap(e -> latestVideo(name, e[1]));
            o.put("codec", video.map(v -> v.codec().name().toLowerCase(Locale.ROOT)).orElse(null));
            o.put("width", video.map(TrackHeader::width).orElse(null));
            o.put("height", video.map(TrackHeader::height).orElse(null));
            o.put("fps", status.map(Cameras.Status::fps).filter(Double::isFinite).orElse(null));
            o.put("bitrateBps", status.map(Cameras.Status::bitrateBps).filter(Double::isFinite).map(Math::round).orElse(null));
            long last = status.map(Cameras.Status::lastFrameMicros).orElse(Long.MIN_VALUE);
            o.put("lastFrameTime", last == Long.MIN_VALUE ? null : Times.iso(last));
            o.put("firstRecorded", extent.map(e -> Times.iso(e[0])).orElse(null));
            o.put("lastRecorded", extent.map(e -> Times.iso(e[1])).orElse(null));
            o.put("firstRecordedMs", extent.map(e -> Times.millis(e[0])).orElse(null));
            o.put("lastRecordedMs", extent.map(e -> Times.millis(e[1])).orElse(null));
            list.add(o);
        }
        return Response.json(200, Map.of("cameras", list));
    }

    /** The video header of the camera's latest segment (what it records now), if readable. */
    private Optional<TrackHeader> latestVideo(String camera, long lastMicros) {
        List<SegmentRecord> rows = archive.catalog().segments(camera, lastMicros - 1, lastMicros);
        for (int i = rows.size() - 1; i >= 0; i--) {
            SegmentRecord r = rows.get(i);
            if (!r.tracks().contains(SegmentWriter.VIDEO)) continue;
            try (TrackReader reader = TrackReader.open(TrackFiles.of(archive.dir(camera), r.base(), SegmentWriter.VIDEO).index())) {
                return Optional.of(reader.header());
            } catch (IOException | RuntimeException e) {
                return Optional.empty(); // deleted by retention meanwhile, or being repaired: no codec to show
            }
        }
        return Optional.empty();
    }

    private Response recordings(String camera, Request request) {
        TimeRange range = TimeRange.of(request.param("start"), request.param("end"), MAX_LISTING);
        Recordings r = archive.catalog().recordings(camera, range.start(), range.end());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("camera", camera);
        o.put("start", Times.iso(range.start()));
        o.put("end", Times.iso(range.end()));
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Recordings.Run run : r.runs()) {
            Map<String, Object> m = span(run.startMicros(), run.endMicros());
            m.put("segments", run.segments());
            m.put("bytes", run.bytes());
            runs.add(m);
        }
        List<Map<String, Object>> gaps = new ArrayList<>();
        for (Recordings.Gap gap : r.gaps()) gaps.add(span(gap.startMicros(), gap.endMicros()));
        o.put("runs", runs);
        o.put("gaps", gaps);
        return Response.json(200, o);
    }

    private static Map<String, Object> span(long start, long end) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", Times.iso(start));
        m.put("end", Times.iso(end));
        m.put("startMs", Times.millis(start));
        m.put("endMs", Times.millis(end));
        return m;
    }
}
