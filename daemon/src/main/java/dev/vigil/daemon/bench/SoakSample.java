package dev.vigil.daemon.bench;

/**
 * One reading of a soak run: the recorder's process, its catalog and its archive at one moment.
 *
 * @param seconds       since recording began
 * @param rssBytes      resident set size (VmRSS)
 * @param heapUsed      heap in use, as it is (no GC forced: a soak watches the process undisturbed)
 * @param directBytes   the JDK's direct buffers in use (the writers' buffers; Netty keeps its own)
 * @param threads       live threads
 * @param fds           open file descriptors
 * @param catalogRows   segments in the catalog ({@code Catalog.segmentCount()})
 * @param segmentFiles  .rf1i and .rf1p files under the cameras' directories
 * @param catalogBytes  the catalog's file
 * @param walBytes      its write-ahead log (0 if none)
 * @param framesWritten frames the recorders wrote so far, over all cameras
 */
public record SoakSample(double seconds, long rssBytes, long heapUsed, long directBytes, int threads, int fds, long catalogRows, long segmentFiles,
        long catalogBytes, long walBytes, long framesWritten) {}
