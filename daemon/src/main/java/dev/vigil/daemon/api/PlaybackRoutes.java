package dev.vigil.daemon.api;

import dev.vigil.daemon.ops.Request;
import dev.vigil.daemon.ops.Response;
import dev.vigil.storage.mp4.Fmp4;
import dev.vigil.storage.mp4.GapMode;
import dev.vigil.storage.mp4.Mp4File;
import dev.vigil.storage.mp4.Mp4Plan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code view.mp4} (progressive, byte ranges) and the HLS VOD playlist with its init and fragments. */
final class PlaybackRoutes {
    /** A day at most per file: longer exports are a job for {@code vigil export}, not a browser. */
    static final long MAX_VIEW = TimeRange.DAY;
    static final String MP4 = "video/mp4";
    static final String M3U8 = "application/vnd.apple.mpegurl";
    private static final Pattern FRAGMENT = Pattern.compile("(\\d{1,7})\\.m4s");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Archive archive;

    PlaybackRoutes(Archive archive) {
        this.archive = archive;
    }

    Response view(String camera, Request request) throws IOException {
        TimeRange range = TimeRange.of(request.param("start"), request.param("end"), MAX_VIEW);
        Mp4Plan plan = plan(camera, range, request);
        Mp4File file = Mp4File.of(plan);
        long length = file.length();
        String etag = file.etag(); // quoted already: an entity tag as HTTP writes it
        Response response;
        ByteRange.Request asked = ByteRange.ifRangeAllows(request.header("If-Range"), etag)
                ? ByteRange.parse(request.header("Range"), length) : new ByteRange.Whole();
        if (asked instanceof ByteRange.Part part) {
            ByteRange r = part.range();
            response = Response.stream(206, MP4, body(file, r.from(), r.to())).withHeader("Content-Range", r.contentRange(length));
        } else if (asked instanceof ByteRange.Unsatisfiable u) {
            response = Response.error(416, u.why()).withHeader("Content-Range", "bytes */" + length);
        } else {
            response = Response.stream(200, MP4, body(file, 0, length));
        }
        response = response.withHeader("Accept-Ranges", "bytes").withHeader("ETag", etag);
        response = presents(response, plan);
        if (request.param("download").filter(v -> v.equals("1") || v.equals("true")).isPresent()) {
            String name = camera + "_" + FILE_TIME.format(Instant.ofEpochMilli(Times.millis(plan.startMicros()))) + ".mp4";
            response = response.withHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        }
        return response;
    }

    /** Headers saying what the file presents, so that a player can label it and ask for what follows. */
    static Response presents(Response response, Mp4Plan plan) {
        Response r = response.withHeader("X-Vigil-Start", Long.toString(Times.millis(plan.startMicros())))
                .withHeader("X-Vigil-End", Long.toString(Times.millis(plan.endMicros())));
        if (plan.nextRunStartMicros().isPresent()) r = r.withHeader("X-Vigil-Next-Run", Long.toString(Times.millis(plan.nextRunStartMicros().getAsLong())));
        return r;
    }

    /** Bytes {@code [from, to)} of the file, pulled piece by piece by the server. */
    private static Response.Body body(Mp4File file, long from, long to) {
        return new Response.Body() {
            @Override
            public long length() {
                return to - from;
            }

            @Override
            public void write(long a, long b, java.nio.channels.WritableByteChannel out) throws IOException {
                file.write(from + a, from + b, out);
            }
        };
    }

    Response playlist(String camera, Request request) throws IOException {
        TimeRange range = TimeRange.of(request.param("start"), request.param("end"), MAX_VIEW);
        Mp4Plan plan = plan(camera, range, request);
        Fmp4 fmp4 = Fmp4.of(plan);
        String query = query(range, request);
        List<Playlists.Item> items = new ArrayList<>();
        for (Fmp4.Fragment f : fmp4.fragments()) {
            items.add(new Playlists.Item("hls/" + f.index() + ".m4s" + query, f.startMicros(), f.durationMicros(), "hls/init.mp4" + query));
        }
        return presents(Response.text(200, M3U8, Playlists.vod(items)), plan);
    }

    Response hlsPart(String camera, String name, Request request) throws IOException {
        Matcher m = FRAGMENT.matcher(name);
        if (!name.equals("init.mp4") && !m.matches()) {
            throw new ApiProblem(404, "no such HLS part " + CameraNames.quote(name) + "; there are init.mp4 and {k}.m4s");
        }
        TimeRange range = TimeRange.of(request.param("start"), request.param("end"), MAX_VIEW);
        Fmp4 fmp4 = Fmp4.of(plan(camera, range, request));
        if (name.equals("init.mp4")) return new Response(200, MP4, fmp4.init(), java.util.Map.of());
        int k = Integer.parseInt(m.group(1));
        if (k >= fmp4.fragments().size()) {
            throw new ApiProblem(404, "fragment " + k + " does not exist; this range has " + fmp4.fragments().size());
        }
        return new Response(200, MP4, fragment(fmp4, k), java.util.Map.of());
    }

    /**
     * One fragment in memory: a GOP, a few MB at most, whose length is known only once written
     * (Fmp4 has no ranged writer).
     */
    static byte[] fragment(Fmp4 fmp4, int k) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(fmp4.fragments().get(k).bytes(), 64 << 20));
        fmp4.write(k, Channels.newChannel(out));
        return out.toByteArray();
    }

    private Mp4Plan plan(String camera, TimeRange range, Request request) throws IOException {
        Mp4Plan plan = archive.plan(camera, range.start(), range.end(), join(request) ? GapMode.JOIN : GapMode.STOP);
        if (plan.isEmpty()) throw archive.nothingIn(camera, range.start(), range.end());
        return plan;
    }

    private static boolean join(Request request) {
        Optional<String> j = request.param("join");
        return j.isPresent() && (j.get().equals("1") || j.get().equals("true"));
    }

    /** The fragments' query: the same range as epoch ms (no escaping needed), and the gap mode. */
    private static String query(TimeRange range, Request request) {
        return "?start=" + Times.millis(range.start()) + "&end=" + Times.millis(range.end()) + (join(request) ? "&join=1" : "");
    }
}
