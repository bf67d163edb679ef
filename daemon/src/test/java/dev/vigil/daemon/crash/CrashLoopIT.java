package dev.vigil.daemon.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short crash loop of CI: the built vigil.jar as the daemon, SIGKILLed three times at random
 * moments with three cameras; `vigil crashloop --cameras 64 --kills 50` is the long run.
 */
class CrashLoopIT {
    @TempDir
    Path tmp;

    @Test
    void killedAgainAndAgainItLosesAtMostAFlushIntervalAndNoSegmentIsUnreadable() throws Exception {
        CrashLoop.Settings settings = new CrashLoop.Settings(3, 3, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(4), tmp, Path.of("target", "vigil.jar"), 42);
        List<CrashLoop.Kill> seen = new ArrayList<>();
        CrashLoop.Report report = new CrashLoop(settings, Clock.systemUTC(), System::nanoTime).run(seen::add);

        assertThat(seen).hasSize(3);
        for (CrashLoop.Kill k : report.kills()) {
            assertThat(k.audit().problems()).as("kill %d", k.number()).isEmpty();
            assertThat(k.audit().segmentsChecked()).as("kill %d", k.number()).isPositive();
            assertThat(k.audit().lostBeforeKillMicros()).as("kill %d", k.number()).hasSize(3)
                    .allSatisfy((camera, lost) -> assertThat(lost).isLessThanOrEqualTo(settings.allowedLoss().toNanos() / 1000));
            assertThat(k.recovery()).contains("left open closed");
        }
        assertThat(report.finalProblems()).isEmpty();
        assertThat(report.cleanStop()).isTrue();
        assertThat(report.passed()).isTrue();
    }
}
