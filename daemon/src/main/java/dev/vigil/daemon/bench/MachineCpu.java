package dev.vigil.daemon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CPU time the whole machine spent busy, from the first line of {@code /proc/stat}, and a
 * process's own. Why a recorder benchmark wants the machine's: a recorder that {@code fdatasync}s
 * every second (Vigil, for its power-cut guarantee) does the kernel's writeback in its own threads,
 * where its process CPU counts it; one that never syncs (ffmpeg) leaves the same work to the
 * kernel's flusher threads, which no process's figure shows. The machine's busy time, less the
 * simulated cameras', counts both alike. Steal time is left out: it is time the hypervisor gave
 * another guest while this one wanted to run, no work of this machine's, and on a shared host it
 * came to a quarter of a core in some runs, whichever recorder was running.
 *
 * @param busyNanos user, nice, system, irq and softirq time of all CPUs (not idle, iowait or steal)
 */
public record MachineCpu(long busyNanos) {
    /** {@code /proc/stat} counts in USER_HZ, which Linux fixes at 100 for user space on every architecture. */
    static final long NANOS_PER_TICK = 10_000_000L;

    public static MachineCpu sample() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException | RuntimeException e) {
            return new MachineCpu(-1); // not Linux: unknown
        }
    }

    /** The aggregate line: {@code cpu user nice system idle iowait irq softirq steal ...}. */
    static MachineCpu parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (!f[0].equals("cpu")) throw new IllegalArgumentException("not the aggregate cpu line: " + line);
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7}) if (i < f.length) busy += Long.parseLong(f[i]);
        return new MachineCpu(busy * NANOS_PER_TICK);
    }

    /** A process's CPU time so far, or -1 if it cannot be read. */
    public static long processNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    public boolean known() {
        return busyNanos >= 0;
    }
}
