package dev.vigil.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessStatsTest {
    @TempDir
    Path dir;

    @Test
    void statusLinesAreReadByKey() {
        String status = "Name:\tjava\nVmHWM:\t  230524 kB\nVmRSS:\t  201000 kB\nThreads:\t41\n";
        assertThat(ProcessStats.statusKb(status, "VmRSS:")).isEqualTo(201_000);
        assertThat(ProcessStats.statusKb(status, "VmHWM:")).isEqualTo(230_524);
        assertThat(ProcessStats.statusKb(status, "VmSwap:")).isEqualTo(-1);
        assertThat(ProcessStats.statusKb("", "VmRSS:")).isEqualTo(-1);
    }

    @Test
    void aSampleSeesThisProcess() throws Exception {
        ProcessStats before = ProcessStats.sample();
        assertThat(before.rssBytes()).isPositive();
        assertThat(before.peakRssBytes()).isGreaterThanOrEqualTo(before.rssBytes());
        assertThat(before.threads()).isPositive();
        List<FileChannel> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                open.add(FileChannel.open(dir.resolve("f" + i), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            }
            assertThat(ProcessStats.sample().fds()).as("20 files more").isGreaterThanOrEqualTo(before.fds() + 20);
        } finally {
            for (FileChannel c : open) c.close();
        }
    }
}
