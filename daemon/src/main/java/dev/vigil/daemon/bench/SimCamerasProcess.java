package dev.vigil.daemon.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The parent's handle on a {@link SimCameras} child JVM: starts it from this JVM's own class path
 * (the jar, or the test class path), reads the cameras' URLs, and asks it for the frames it sent.
 */
public final class SimCamerasProcess implements AutoCloseable {
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> urls = new ArrayList<>();
    private final long startedNanos = System.nanoTime();

    /** What the cameras sent, per camera, once stopped; and the camera process's own CPU time. */
    public record Sent(long[] sent, long[] skipped, long cpuNanos) {
        public long totalSent() {
            return Arrays.stream(sent).sum();
        }

        public long totalSkipped() {
            return Arrays.stream(skipped).sum();
        }
    }

    private SimCamerasProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (IOException ignored) {
                // the child is gone; take() below reports it
            }
            lines.add("EOF");
        }, "vigil-bench-sim-out");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code cameras} cameras serving {@code clip} at {@code fps}, their key frames spread
     * unless {@code aligned}; returns once they listen.
     */
    public static SimCamerasProcess start(BenchClip clip, int cameras, boolean aligned) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A small heap and the serial collector: the cameras hold one clip and allocate little.
                "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                SimCameras.class.getName(), "--cameras", Integer.toString(cameras), "--fps", Integer.toString(clip.fps())));
        if (aligned) cmd.add("--aligned");
        if (clip.file() == null) cmd.add("--demo");
        else cmd.addAll(List.of("--clip", clip.file().toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        SimCamerasProcess sim = new SimCamerasProcess(p);
        try {
            for (String line; !(line = sim.next(30)).equals("READY"); ) {
                if (line.startsWith("CLIP ")) continue;
                if (!line.startsWith("URL ")) throw new IOException("the simulated cameras said: " + line);
                sim.urls.add(line.substring(4));
            }
            return sim;
        } catch (IOException | RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    public List<String> urls() {
        return List.copyOf(urls);
    }

    /** When the process was started, for its CPU share over its life. */
    public long startedNanos() {
        return startedNanos;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops sending on every camera; returns what each sent in all. */
    public Sent stop() throws IOException, InterruptedException {
        stdin.write("stop\n");
        stdin.flush();
        long[] sent = null, skipped = null;
        long cpu = 0;
        for (String line; !(line = next(10)).equals("STOPPED"); ) {
            if (line.startsWith("SENT ")) sent = longs(line.substring(5));
            else if (line.startsWith("SKIPPED ")) skipped = longs(line.substring(8));
            else if (line.startsWith("CPU ")) cpu = Long.parseLong(line.substring(4));
        }
        if (sent == null || skipped == null) throw new IOException("the simulated cameras did not say what they sent");
        return new Sent(sent, skipped, cpu);
    }

    private String next(int seconds) throws IOException, InterruptedException {
        String line = lines.poll(seconds, TimeUnit.SECONDS);
        if (line == null) throw new IOException("the simulated cameras did not answer within " + seconds + " s");
        if (line.equals("EOF")) throw new IOException("the simulated cameras' process ended (exit " + exitCode() + ")");
        return line;
    }

    private String exitCode() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static long[] longs(String csv) {
        return csv.isEmpty() ? new long[0] : Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
    }

    @Override
    public void close() {
        try {
            stdin.write("quit\n");
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
