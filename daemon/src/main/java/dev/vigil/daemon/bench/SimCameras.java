package dev.vigil.daemon.bench;

import dev.vigil.rtsp.sim.Clip;
import dev.vigil.rtsp.sim.SimulatedCamera;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * The simulated cameras of {@code vigil bench}, in a process of their own so that their CPU is not
 * counted as the recorder's: {@code java -cp vigil.jar dev.vigil.daemon.bench.SimCameras --cameras N
 * --fps F (--clip FILE.h264 | --demo | --resolution WxH --bitrate 4M --gop 15)}, the last making the
 * clip with ffmpeg as {@code vigil bench} does (then it first prints {@code CLIP path bits-per-second}).
 * The cameras' key frames are spread over one key frame interval, as real cameras' are; with
 * {@code --aligned} they all fall in the same instant (the worst case for the recorder's memory).
 * Each camera is a {@link SimulatedCamera} on its own port (so frames are counted per camera), all
 * of them paced by the timers of one small event loop group rather than a thread each.
 *
 * <p>It prints one {@code URL rtsp://...} line per camera, then {@code READY}. On the line
 * {@code stop} from stdin it stops sending on every connection and prints {@code SENT n,n,...},
 * {@code SKIPPED n,n,...} (frames a connection could not take), {@code CPU nanos} (its own CPU
 * time) and {@code STOPPED}. {@code quit} or the end of stdin (the parent died) ends it.
 */
public final class SimCameras {
    private SimCameras() {}

    public static void main(String[] args) throws Exception {
        int cameras = 1, fps = 15, threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        Path clipFile = null;
        String resolution = null, bitrate = "4M";
        int gop = 15;
        boolean aligned = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cameras" -> cameras = Integer.parseInt(args[++i]);
                case "--fps" -> fps = Integer.parseInt(args[++i]);
                case "--clip" -> clipFile = Path.of(args[++i]);
                case "--demo" -> clipFile = null;
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--resolution" -> resolution = args[++i];
                case "--bitrate" -> bitrate = args[++i];
                case "--gop" -> gop = Integer.parseInt(args[++i]);
                case "--aligned" -> aligned = true;
                default -> {
                    System.err.println("sim-cameras: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (resolution != null) {
            // Made here too so that deploy/bench/compare.sh gets the very clip vigil bench would.
            BenchClip made;
            try {
                made = BenchClip.generate(resolution, fps, BenchClip.parseBitrate(bitrate), gop, BenchClip.defaultCacheDir(),
                        System.err::println);
            } catch (BenchException e) {
                System.err.println("sim-cameras: " + e.getMessage());
                System.exit(2);
                return;
            }
            clipFile = made.file();
            out.println("CLIP " + clipFile + " " + made.bitsPerSecond());
        }
        Clip clip = clipFile == null ? Clip.demo() : Clip.h264(clipFile, fps);
        if (clipFile == null && fps != clip.fps()) clip = new Clip(clip.frames(), fps, clip.sps(), clip.pps());
        NioEventLoopGroup group = new NioEventLoopGroup(threads);
        List<SimulatedCamera> all = new ArrayList<>();
        try {
            for (int i = 0; i < cameras; i++) {
                all.add(SimulatedCamera.start(clip, 0, group).delayFirstFrame(aligned ? Duration.ZERO : stagger(clip, i, cameras)));
            }
            for (int i = 0; i < cameras; i++) out.println("URL " + all.get(i).url("cam" + (i + 1)));
            out.println("READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
                if (line.equals("stop")) stop(all, group, out);
            }
        } finally {
            all.forEach(SimulatedCamera::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * Camera {@code i}'s first-frame delay: the cameras' key frames spread evenly over one key frame
     * interval, as real cameras' fall, rather than all {@code n} in the same instant.
     */
    static Duration stagger(Clip clip, int i, int n) {
        return Duration.ofNanos((long) i * clip.keyFrameInterval() * 1_000_000_000L / ((long) n * clip.fps()));
    }

    private static void stop(List<SimulatedCamera> all, NioEventLoopGroup group, PrintStream out) throws Exception {
        all.forEach(c -> c.pause(true));
        // A frame being sent when the switch flipped finishes first: once every loop has run one
        // more task, the counts are final, and every frame they count is in a socket.
        for (EventExecutor loop : group) ((EventLoop) loop).submit(() -> { }).get(5, TimeUnit.SECONDS);
        StringJoiner sent = new StringJoiner(","), skipped = new StringJoiner(",");
        for (SimulatedCamera c : all) {
            sent.add(Long.toString(c.framesSent()));
            skipped.add(Long.toString(c.framesSkipped()));
        }
        out.println("SENT " + sent);
        out.println("SKIPPED " + skipped);
        out.println("CPU " + ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
        out.println("STOPPED");
    }
}
