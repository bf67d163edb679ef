package dev.vigil.daemon;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.session.Credentials;
import dev.vigil.rtsp.session.RtspClient;
import dev.vigil.rtsp.session.RtspClientConfig;
import dev.vigil.rtsp.session.RtspUrl;
import dev.vigil.rtsp.session.TransportMode;
import dev.vigil.rtsp.transport.Transport;
import io.netty.channel.EventLoopGroup;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil probe URL}: connects to a camera once and tells what it sends, per track: codec,
 * picture size, frame rate, bitrate, key-frame interval, losses, and the server's name. Exits 1 with
 * a one-line reason when it cannot (unreachable, 401, 404, no supported track).
 */
@Command(name = "probe", mixinStandardHelpOptions = true, description = "Connect to a camera and describe its streams.")
final class ProbeCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URL", description = "rtsp://[user[:password]@]host[:port]/path")
    String url;

    @Option(names = "--seconds", defaultValue = "5", description = "How long to receive (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--transport", defaultValue = "tcp", description = "tcp, udp or auto (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--user", description = "User name (instead of one in the URL).")
    String user;

    @Option(names = "--password-file", description = "File whose first line is the password.")
    Path passwordFile;

    /** What one track brought. */
    private static final class TrackTally {
        String codec;
        int width, height, clockRate;
        long frames, bytes, keyFrames, firstTs = Long.MIN_VALUE, lastTs, firstKey = -1, lastKey = -1;
        boolean audio;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Credentials credentials = null;
        if (user != null) {
            String password = passwordFile == null ? "" : Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            credentials = new Credentials(user, password);
        }
        String shown = RtspUrl.parse(url).redacted();
        Map<Integer, TrackTally> tracks = new TreeMap<>();
        CompletableFuture<String> failure = new CompletableFuture<>();
        String[] server = {""};
        RtspClientConfig config = new RtspClientConfig(url, credentials, TransportMode.valueOf(transport.toUpperCase(Locale.ROOT)), true,
                Duration.ofSeconds(Math.max(5, seconds)), Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofHours(1));
        EventLoopGroup group = Transport.chosen().newGroup(1);
        long[] playingAt = {0};
        try (RtspClient client = new RtspClient(config, group, au -> tally(tracks, au), new RtspClient.Listener() {
            @Override
            public void playing(String s, List<String> t, boolean tcp) {
                server[0] = s;
                playingAt[0] = System.nanoTime();
            }

            @Override
            public void disconnected(String reason) {
                failure.complete(reason);
            }
        }, System::nanoTime, new Random())) {
            client.start();
            try {
                String reason = failure.get(seconds + 15L, TimeUnit.SECONDS);
                if (playingAt[0] == 0 || tracks.isEmpty()) {
                    err.println("vigil: probe " + shown + ": " + reason);
                    err.flush();
                    return 1;
                }
            } catch (TimeoutException stillPlaying) {
                // The normal end: the session ran for the whole time.
            }
            // Let the session run its full time when it started late.
            long left = playingAt[0] == 0 ? 0 : playingAt[0] + TimeUnit.SECONDS.toNanos(seconds) - System.nanoTime();
            if (left > 0) Thread.sleep(TimeUnit.NANOSECONDS.toMillis(left));
            if (tracks.isEmpty()) {
                err.println("vigil: probe " + shown + ": no media arrived" + (client.state().lastError() == null ? "" : ": " + client.state().lastError()));
                err.flush();
                return 1;
            }
            out.println("camera " + shown + "  server '" + server[0] + "'  lost packets " + client.lostPackets());
            synchronized (tracks) {
                for (TrackTally t : tracks.values()) out.println(describe(t));
            }
            out.flush();
            return 0;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static void tally(Map<Integer, TrackTally> tracks, AccessUnit au) {
        synchronized (tracks) {
            TrackTally t = tracks.computeIfAbsent(au.trackId(), id -> new TrackTally());
            t.codec = au.codec().name();
            t.audio = !au.codec().isVideo();
            t.clockRate = au.clockRate();
            if (au.width() > 0) {
                t.width = au.width();
                t.height = au.height();
            }
            if (au.keyFrame()) {
                t.keyFrames++;
                if (t.firstKey < 0) t.firstKey = t.frames;
                t.lastKey = t.frames;
            }
            t.frames++;
            for (ByteBuffer b : au.units()) t.bytes += b.remaining();
            if (t.firstTs == Long.MIN_VALUE) t.firstTs = au.timestamp();
            t.lastTs = au.timestamp();
        }
    }

    private static String describe(TrackTally t) {
        double mediaSeconds = t.frames > 1 ? (double) (t.lastTs - t.firstTs) / t.clockRate : 0;
        double fps = mediaSeconds > 0 ? (t.frames - 1) / mediaSeconds : 0;
        double kbps = mediaSeconds > 0 ? t.bytes * 8 / mediaSeconds / 1000 : 0;
        if (t.audio) {
            return String.format(Locale.ROOT, "  audio %-5s %6d Hz  %6.1f frames/s  %7.1f kbit/s", t.codec, t.clockRate, fps, kbps);
        }
        // Measured between the first and the last key frame seen, not diluted by partial GOPs.
        String gop = t.keyFrames > 1 ? String.format(Locale.ROOT, "%.1f frames", (double) (t.lastKey - t.firstKey) / (t.keyFrames - 1))
                : "more than " + t.frames + " frames";
        return String.format(Locale.ROOT, "  video %-5s %dx%d  %5.2f fps  %7.1f kbit/s  key-frame interval %s", t.codec, t.width, t.height, fps, kbps, gop);
    }
}
