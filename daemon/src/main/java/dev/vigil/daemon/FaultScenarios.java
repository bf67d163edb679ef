package dev.vigil.daemon;

import dev.vigil.daemon.FaultScenario.Setup;
import dev.vigil.rtsp.sim.Clip;
import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.catalog.SegmentRecord;
import dev.vigil.storage.rf1.TrackHeader;
import dev.vigil.storage.rf1.TrackReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** The scripted faults of the issue "Proof at scale", each in the short or the long form of {@link FaultTiming}. */
final class FaultScenarios {
    /** An hour at 90 kHz. */
    static final long HOUR_TICKS = 3600L * 90_000;
    static final double LOSS = 0.05;

    private FaultScenarios() {}

    static List<FaultScenario> all(FaultTiming t) {
        return List.of(restart(t), stall(t), udpLoss(t), timestampJump(t), resolutionChange(t), garbage(t), wrongPassword(t), diskFull(t));
    }

    static List<String> names() {
        return all(FaultTiming.SHORT).stream().map(FaultScenario::name).toList();
    }

    static FaultScenario restart(FaultTiming t) {
        return new FaultScenario("restart", "camera 1 reboots: its connection drops, nothing answers for " + t.down().toSeconds() + " s",
                Setup.PLAIN, c -> {
                    c.camera().restart(t.down());
                    return c.after(t.down());
                },
                // A dropped connection backs off like any other failure, up to the longest backoff.
                t.observe(), FaultTiming.BACKOFF_MAX.plus(Duration.ofSeconds(5)),
                o -> o.camera1().reconnects() >= 1 ? List.of() : List.of(FaultRunner.FAULTED + " never reconnected"));
    }

    static FaultScenario stall(FaultTiming t) {
        return new FaultScenario("stall", "camera 1 sends no media for " + t.stall().toSeconds() + " s, its connection open (stall timeout "
                + t.stallTimeout().toSeconds() + " s)", Setup.PLAIN, c -> {
                    c.camera().stall(t.stall());
                    return c.after(t.stall());
                }, t.observe(), t.reconnectBound(),
                o -> o.camera1().reconnects() >= 1 ? List.of() : List.of(FaultRunner.FAULTED + " did not reconnect after its stall timeout"));
    }

    static FaultScenario udpLoss(FaultTiming t) {
        return new FaultScenario("udp-loss", "camera 1 over UDP loses " + Math.round(LOSS * 100) + " % of its RTP packets for "
                + t.lossWindow().toSeconds() + " s", new Setup(true, false, false), c -> {
                    long from = c.now();
                    long sent = c.camera().framesSent();
                    long written = c.written().getAsLong();
                    c.camera().loss(LOSS);
                    Thread.sleep(t.lossWindow().toMillis());
                    c.camera().loss(0);
                    sent = c.camera().framesSent() - sent;
                    written = c.written().getAsLong() - written;
                    c.notes().accept(String.format("during the loss: %d frames sent, %d written (%.0f %%)", sent, written, 100.0 * written / sent));
                    if (written == 0) c.notes().accept("PROBLEM: nothing was written during the loss");
                    return from;
                }, t.observe(), Duration.ofSeconds(10), FaultScenarios::noProblemNotes);
    }

    static FaultScenario timestampJump(FaultTiming t) {
        return new FaultScenario("timestamp-jump", "camera 1's RTP timestamps jump an hour ahead, and " + t.jumpBack().toSeconds()
                + " s later back", Setup.PLAIN, c -> {
                    long from = c.now();
                    c.camera().jumpTimestamps(HOUR_TICKS);
                    Thread.sleep(t.jumpBack().toMillis());
                    c.camera().jumpTimestamps(-HOUR_TICKS);
                    return from;
                }, t.observe(), Duration.ofSeconds(5), o -> {
                    List<String> problems = new ArrayList<>();
                    int runs;
                    try (Catalog catalog = catalog(o)) {
                        runs = catalog.recordings(FaultRunner.FAULTED, 0, Long.MAX_VALUE).runs().size();
                    }
                    // Three runs are expected (before, during and after the hour ahead); two at least.
                    if (runs < 2) problems.add(FaultRunner.FAULTED + " has " + runs + " run(s) in the catalog: the jump started no new run");
                    for (SegmentRecord r : o.faultedRows()) {
                        // Nothing is placed an hour off: every segment lies within the run's wall time.
                        if (r.startMicros() < o.startMicros() - 1_000_000 || r.endMicros() > o.endMicros() + 1_000_000) {
                            problems.add("segment " + r.base() + " lies outside the run's wall time (" + r.startMicros() + ".." + r.endMicros() + ")");
                        }
                    }
                    return problems;
                });
    }

    static FaultScenario resolutionChange(FaultTiming t) {
        Clip small = Clip.small();
        return new FaultScenario("resolution-change", "camera 1 switches from 640x360 to 320x180 mid-stream (a new SPS in band)",
                Setup.PLAIN, c -> {
                    long from = c.now();
                    c.camera().switchClip(small);
                    return from;
                }, t.observe(), Duration.ofSeconds(5), o -> {
                    List<String> sizes = videoSizes(o.storage().resolve(FaultRunner.FAULTED));
                    int firstSmall = sizes.indexOf("320x180");
                    if (firstSmall < 0) return List.of("no segment of " + FaultRunner.FAULTED + " has the new size 320x180: " + sizes);
                    if (!sizes.get(0).equals("640x360") || sizes.subList(firstSmall, sizes.size()).stream().anyMatch(s -> !s.equals("320x180"))) {
                        return List.of("the sizes of " + FaultRunner.FAULTED + "'s segments, in order, are " + sizes);
                    }
                    return List.of();
                });
    }

    static FaultScenario garbage(FaultTiming t) {
        return new FaultScenario("garbage", t.garbageBytes() + " junk bytes between two interleaved frames of camera 1",
                Setup.PLAIN, c -> {
                    long from = c.now();
                    c.camera().garbage(t.garbageBytes());
                    return from;
                },
                // No reconnect needed, or a quick one: a stall timeout and the first backoffs.
                t.observe(), t.stallTimeout().plus(Duration.ofSeconds(8)),
                o -> o.camera1().reconnects() <= 1 ? List.of() : List.of(FaultRunner.FAULTED + " reconnected " + o.camera1().reconnects() + " times"));
    }

    static FaultScenario wrongPassword(FaultTiming t) {
        return new FaultScenario("wrong-password", "camera 1 demands a login its config gets wrong; the others are open",
                new Setup(false, true, false), FaultContext::now, t.observe(), Duration.ZERO, o -> {
                    List<String> problems = new ArrayList<>();
                    String error = o.camera1().lastError();
                    if (o.camera1().written() != 0) problems.add(FaultRunner.FAULTED + " recorded " + o.camera1().written() + " frames with a wrong password");
                    if (error == null || !error.contains("401")) problems.add(FaultRunner.FAULTED + "'s session does not report a 401: " + error);
                    if (error != null && (error.contains(FaultRunner.WRONG_PASSWORD) || error.contains("\n"))) {
                        problems.add(FaultRunner.FAULTED + "'s error is not one line without the password");
                    }
                    return problems;
                });
    }

    static FaultScenario diskFull(FaultTiming t) {
        AtomicLong filledMicros = new AtomicLong();
        return new FaultScenario("disk-full", "another program fills the " + FaultRunner.DISK_MIB + " MiB disk under every camera to the last byte",
                new Setup(false, false, true), c -> {
                    filledMicros.set(System.currentTimeMillis() * 1000);
                    c.disk().fill();
                    return c.now();
                },
                // Every camera must have rolled into the full disk (or filled its preallocation) by then.
                t.segment().plus(t.observe()), Duration.ofSeconds(10), o -> {
                    List<String> problems = new ArrayList<>();
                    Path old = o.storage().resolve(FaultRunner.name(o.faulted().size()))
                            .resolve(FaultDisk.OLD_MICROS / 1000 + "_video.rf1i");
                    if (Files.exists(old)) problems.add("the oldest footage was not deleted to make room");
                    try (Catalog catalog = catalog(o)) {
                        for (FaultOutcome.CameraCount camera : o.faulted()) {
                            boolean after = catalog.allSegments().stream()
                                    .anyMatch(r -> r.camera().equals(camera.camera()) && r.startMicros() > filledMicros.get());
                            if (!after) problems.add(camera.camera() + " has no segment begun after the disk filled");
                        }
                    }
                    return problems;
                });
    }

    private static List<String> noProblemNotes(FaultOutcome o) {
        return o.notes().stream().filter(n -> n.startsWith("PROBLEM: ")).map(n -> n.substring(9)).toList();
    }

    private static Catalog catalog(FaultOutcome o) {
        return Catalog.open("jdbc:sqlite:" + o.storage().resolve("catalog.db"));
    }

    /** The picture sizes of a camera's video tracks, oldest first. */
    static List<String> videoSizes(Path cameraDir) throws IOException {
        List<String> sizes = new ArrayList<>();
        try (Stream<Path> files = Files.list(cameraDir)) {
            for (Path index : files.filter(p -> p.toString().endsWith("_video.rf1i")).sorted().toList()) {
                try (TrackReader r = TrackReader.open(index)) {
                    TrackHeader h = r.header();
                    sizes.add(h.width() + "x" + h.height());
                }
            }
        }
        return sizes;
    }
}
