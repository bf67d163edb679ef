package dev.vigil.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MachineCpuTest {
    @Test
    void busyIsEverythingButIdleIowaitAndSteal() {
        // user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user)
        MachineCpu c = MachineCpu.parse("cpu  100 2 30 9000 400 5 6 7 50 0");
        assertThat(c.busyNanos()).isEqualTo((100 + 2 + 30 + 5 + 6) * 10_000_000L);
        assertThat(c.known()).isTrue();
    }

    @Test
    void onlyTheAggregateLine() {
        assertThatThrownBy(() -> MachineCpu.parse("cpu0 1 2 3 4 5 6 7 8")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thisMachineAndThisProcessAreReadable() {
        MachineCpu before = MachineCpu.sample();
        long mine = MachineCpu.processNanos(ProcessHandle.current().pid());
        assertThat(before.known()).isTrue();
        assertThat(mine).isPositive();
        assertThat(MachineCpu.processNanos(Long.MAX_VALUE)).isEqualTo(-1);
    }
}
