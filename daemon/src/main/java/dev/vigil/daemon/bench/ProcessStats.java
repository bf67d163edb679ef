package dev.vigil.daemon.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

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
        String status = status();
        return new ProcessStats(
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime(),
                kernelNanos(),
                statusKb(status, "VmRSS:") * 1024, statusKb(status, "VmHWM:") * 1024, heap.getUsed(), heap.getCommitted(),
                ManagementFactory.getThreadMXBean().getThreadCount(), openFds(), gcCount, gcMillis);
    }

    /** /proc/self/status, read once per sample (its figures are taken together); empty where there is no /proc. */
    private static String status() {
        try {
            return Files.readString(Path.of("/proc/self/status"));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The "Vm...:  1234 kB" line {@code key} of a /proc/self/status text, in kB; -1 if it has none. */
    static long statusKb(String status, String key) {
        for (String line : status.split("\n")) {
            if (!line.startsWith(key)) continue;
            try {
                return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
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

    /** Open descriptors, as the JVM counts them (in native code, without a Java object per descriptor); -1 if unknown. */
    static int openFds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return (int) unix.getOpenFileDescriptorCount();
        }
        return -1;
    }
}
