package dev.vigil.daemon.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What this process costs at one moment, from the JVM's management beans and Linux's /proc.
 *
 * @param cpuNanos       process CPU time (user + system, every thread) so far
 * @param systemNanos    the part of it in the kernel (system calls: sockets, writes, fdatasync), from
 *                       /proc/self/stat at its 10 ms resolution; -1 without /proc
 * @param rssBytes       resident set size now (VmRSS)
 * @param peakRssBytes   the largest resident set so far (VmHWM)
 * @param heapUsed       heap in use
 * @param heapCommitted  heap the JVM holds from the OS
 * @param threads        live threads
 * @param fds            open file descriptors
 * @param gcCount        collections so far (stop-the-world collectors only)
 * @param gcMillis       time in them so far
 */
public record ProcessStats(long cpuNanos, long systemNanos, long rssBytes, long peakRssBytes, long heapUsed, long heapCommitted, int threads,
        int fds, long gcCount, long gcMillis) {

    public static ProcessStats sample() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long gcCount = 0, gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (GcPauses.concurrent(gc.getName())) continue; // its time is not a pause
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return new ProcessStats(
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime(),
                kernelNanos(),
                statusKb("VmRSS:") * 1024, statusKb("VmHWM:") * 1024, heap.getUsed(), heap.getCommitted(),
                ManagementFactory.getThreadMXBean().getThreadCount(), openFds(), gcCount, gcMillis);
    }

    /** A "Vm...:  1234 kB" line of /proc/self/status, in kB; -1 where there is no /proc. */
    static long statusKb(String key) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith(key))
                    .mapToLong(l -> Long.parseLong(l.substring(key.length()).replace("kB", "").trim()))
                    .findFirst().orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** stime, field 15 of /proc/self/stat, in clock ticks of 10 ms (USER_HZ is 100 on Linux). */
    static long kernelNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // The command name (field 2) may hold spaces; the fields after its ')' are plain.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[15 - 3]) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static int openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count() - 1; // less the one this listing holds open
        } catch (IOException e) {
            return -1;
        }
    }
}
