package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FaultScenariosTest {
    @Test
    void everyFaultOfTheIssueIsAScenarioOfItsOwn() {
        assertThat(FaultScenarios.names()).doesNotHaveDuplicates()
                .containsExactly("restart", "stall", "udp-loss", "timestamp-jump", "resolution-change", "garbage", "wrong-password", "disk-full");
        assertThat(FaultScenarios.all(FaultTiming.LONG)).extracting(FaultScenario::name).isEqualTo(FaultScenarios.names());
    }

    @Test
    void theLongFormHasTheIssuesDurations() {
        assertThat(FaultTiming.LONG.stall()).isEqualTo(Duration.ofSeconds(30));
        assertThat(FaultScenarios.LOSS).isEqualTo(0.05);
        assertThat(FaultScenarios.HOUR_TICKS).isEqualTo(3600L * 90_000);
        // The short stall outlasts the short stall timeout, or it would test nothing.
        assertThat(FaultTiming.SHORT.stall()).isGreaterThan(FaultTiming.SHORT.stallTimeout());
        assertThat(FaultTiming.LONG.stall()).isGreaterThan(FaultTiming.LONG.stallTimeout());
    }

    @Test
    void onlyTheFaultedCameraIsSetUpDifferently() {
        assertThat(FaultScenarios.all(FaultTiming.SHORT)).filteredOn(s -> s.setup().fullDisk()).extracting(FaultScenario::name)
                .containsExactly("disk-full");
        assertThat(FaultScenarios.all(FaultTiming.SHORT)).filteredOn(s -> s.setup().udp()).extracting(FaultScenario::name)
                .containsExactly("udp-loss");
        assertThat(FaultScenarios.all(FaultTiming.SHORT)).filteredOn(s -> s.setup().wrongPassword()).extracting(FaultScenario::name)
                .containsExactly("wrong-password");
    }

    @Test
    void aRowShowsTheVerdictAndEveryProblem() {
        FaultOutcome.CameraCount faulted = new FaultOutcome.CameraCount("cam-1", 100, 90, 1, null);
        FaultOutcome.CameraCount other = new FaultOutcome.CameraCount("cam-2", 100, 99, 0, null);
        FaultOutcome o = new FaultOutcome(FaultScenarios.stall(FaultTiming.SHORT), OptionalLong.of(1_234_000_000L), 9_000_000_000L,
                List.of(faulted), List.of(other), List.of(), Path.of("."), 0, 1, List.of("a note"), List.of("cam-2 lost 1 of 100 frames"));
        StringWriter text = new StringWriter();
        FaultTable.row(new PrintWriter(text), o);
        assertThat(text.toString()).contains("stall").contains("1.23 s").contains("9.00 s").contains("100/90").contains("100/99/1")
                .contains("FAIL").contains("    a note").contains("FAIL: cam-2 lost 1 of 100 frames");
    }

    @Test
    void theCommandNeedsAScenarioAndKnowsTheirNames() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setErr(new PrintWriter(err));
        assertThat(cli.execute("faults")).isEqualTo(2);
        assertThat(err.toString()).contains("--scenario").contains("--all");
        assertThat(cli.execute("faults", "--scenario", "nonsense")).isEqualTo(2);
        assertThat(err.toString()).contains("no scenario nonsense").contains("disk-full");
    }
}
