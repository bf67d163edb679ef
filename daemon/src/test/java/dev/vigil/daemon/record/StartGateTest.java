package dev.vigil.daemon.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class StartGateTest {
    private final List<Runnable> submitted = new ArrayList<>();
    private final Executor pool = submitted::add;

    @Test
    void holdsTasksUntilOpenedThenPassesThemOnInOrder() {
        StartGate gate = new StartGate(pool);
        List<String> ran = new ArrayList<>();
        gate.execute(() -> ran.add("a"));
        gate.execute(() -> ran.add("b"));
        assertThat(submitted).isEmpty();
        assertThat(gate.isOpen()).isFalse();

        gate.open();
        gate.execute(() -> ran.add("c"));
        submitted.forEach(Runnable::run);
        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(gate.isOpen()).isTrue();
    }

    @Test
    void openingTwiceSubmitsNothingTwice() {
        StartGate gate = new StartGate(pool);
        gate.execute(() -> { });
        gate.open();
        gate.open();
        assertThat(submitted).hasSize(1);
    }
}
