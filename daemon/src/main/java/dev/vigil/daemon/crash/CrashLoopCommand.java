package dev.vigil.daemon.crash;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil crashloop}: records simulated cameras with the real daemon, SIGKILLs it at random
 * moments and restarts it, K times, and after each restart checks that no segment is unreadable,
 * that the catalog matches the disk, and how much footage each kill cost.
 */
@Command(name = "crashloop", mixinStandardHelpOptions = true,
        description = "Kill the recorder with SIGKILL again and again; check every segment and the catalog after each restart.")
public final class CrashLoopCommand implements Callable<Integer> {
    @Option(names = "--cameras", defaultValue = "4", description = "Simulated cameras (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--kills", defaultValue = "5", description = "How many times to kill and restart (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--min-uptime", defaultValue = "2", description = "Shortest recording time before a kill, seconds (default: ${DEFAULT-VALUE}).")
    double minUptime;

    @Option(names = "--max-uptime", defaultValue = "8", description = "Longest recording time before a kill, seconds (default: ${DEFAULT-VALUE}).")
    double maxUptime;

    @Option(names = "--flush-interval-ms", defaultValue = "1000", description = "The daemon's flush interval (default: ${DEFAULT-VALUE}).")
    long flushMillis;

    @Option(names = "--segment-duration", defaultValue = "20", description = "Segment length, seconds, short so that kills land near rolls too (default: ${DEFAULT-VALUE}).")
    long segmentSeconds;

    @Option(names = "--storage", description = "Where to record (default: a new directory under /tmp, kept for inspection).")
    Path storage;

    @Option(names = "--jar", description = "The vigil.jar to run as the daemon (default: the one running this command).")
    Path jar;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the kill moments (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path daemonJar = jar != null ? jar : ownJar();
        if (daemonJar == null || !Files.isRegularFile(daemonJar)) {
            System.err.println("vigil crashloop: no vigil.jar to run as the daemon; give one with --jar");
            return 2;
        }
        Path dir = storage != null ? Files.createDirectories(storage) : Files.createTempDirectory("vigil-crashloop");
        CrashLoop.Settings settings = new CrashLoop.Settings(cameras, kills, Duration.ofMillis((long) (minUptime * 1000)),
                Duration.ofMillis((long) (maxUptime * 1000)), Duration.ofMillis(flushMillis), Duration.ofSeconds(segmentSeconds),
                dir, daemonJar, seed);
        PrintStream out = System.out;
        if (!json) out.printf("crash loop: %d cameras, %d kills, flush every %d ms, recording into %s%n", cameras, kills, flushMillis, dir);
        CrashLoop.Report report = new CrashLoop(settings, Clock.systemUTC(), System::nanoTime).run(k -> {
            if (!json) out.println(line(k));
        });
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(asMap(report)));
        } else {
            report.kills().forEach(k -> k.audit().problems().forEach(p -> out.println("  problem: " + p)));
            report.finalProblems().forEach(p -> out.println("  problem after the last, clean stop: " + p));
            out.printf("%d kills at %d cameras: %d problems, worst loss at a kill %.2f s (allowed %.2f s), worst hole in a recording %.2f s, %s stop%n",
                    report.kills().size(), cameras, report.problems(), report.worstLostMicros() / 1e6,
                    settings.allowedLoss().toMillis() / 1e3, report.worstGapMicros() / 1e6, report.cleanStop() ? "clean" : "UNCLEAN");
            out.println(report.passed() ? "PASSED" : "FAILED");
        }
        return report.passed() ? 0 : 1;
    }

    static String line(CrashLoop.Kill k) {
        return String.format("kill %d after %.1f s: recording again %.1f s after the restart; %d segments checked, %d problems; "
                        + "worst loss %.2f s, worst hole %.2f s; %s",
                k.number(), k.uptime().toMillis() / 1e3, k.restartToRecording().toMillis() / 1e3, k.audit().segmentsChecked(),
                k.audit().problems().size(), k.audit().worstLostMicros() / 1e6, k.audit().worstGapMicros() / 1e6, k.recovery());
    }

    static Map<String, Object> asMap(CrashLoop.Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cameras", r.settings().cameras());
        m.put("flushIntervalMs", r.settings().flushInterval().toMillis());
        m.put("passed", r.passed());
        m.put("problems", r.problems());
        m.put("worstLossSeconds", r.worstLostMicros() / 1e6);
        m.put("worstHoleSeconds", r.worstGapMicros() / 1e6);
        m.put("cleanStop", r.cleanStop());
        m.put("finalProblems", r.finalProblems());
        m.put("kills", r.kills().stream().map(k -> {
            Map<String, Object> km = new LinkedHashMap<>();
            km.put("number", k.number());
            km.put("uptimeSeconds", k.uptime().toMillis() / 1e3);
            km.put("restartToRecordingSeconds", k.restartToRecording().toMillis() / 1e3);
            km.put("segmentsChecked", k.audit().segmentsChecked());
            km.put("problems", k.audit().problems());
            km.put("lossSecondsByCamera", seconds(k.audit().lostBeforeKillMicros()));
            km.put("holeSecondsByCamera", seconds(k.audit().gapMicros()));
            km.put("recovery", k.recovery());
            return km;
        }).toList());
        return m;
    }

    private static Map<String, Double> seconds(Map<String, Long> micros) {
        Map<String, Double> out = new java.util.TreeMap<>();
        micros.forEach((k, v) -> out.put(k, v / 1e6));
        return out;
    }

    /** The jar this command runs from, when it runs from one (not from target/classes). */
    private static Path ownJar() {
        try {
            Path p = Path.of(CrashLoopCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toString().endsWith(".jar") ? p : null;
        } catch (Exception e) {
            return null;
        }
    }

}
