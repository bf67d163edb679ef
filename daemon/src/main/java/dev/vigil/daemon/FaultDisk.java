package dev.vigil.daemon;

import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackHeader;
import dev.vigil.storage.rf1.TrackWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system (a tmpfs) under the storage of a full-disk run, so that the full disk
 * is the kernel's ENOSPC, not a simulation. Mounting needs root; without it the run cannot be
 * made and {@link #mount} says so.
 */
final class FaultDisk implements AutoCloseable {
    /** 2020-01-01: the footage retention must delete first. */
    static final long OLD_MICROS = 1_577_836_800_000_000L;

    private final Path root;

    private FaultDisk(Path root) {
        this.root = root;
    }

    /** Whether this process may mount (its user is root). */
    static boolean mayMount() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    static FaultDisk mount(Path mountPoint, long megabytes) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", mountPoint.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("cannot mount a " + megabytes + " MiB tmpfs on " + mountPoint + " (the full-disk scenario needs root): " + out);
        }
        return new FaultDisk(mountPoint);
    }

    Path root() {
        return root;
    }

    /**
     * A closed segment from 2020 of about {@code bytes} packet bytes, left as a previous run would
     * have: startup recovery registers it, and it is what retention deletes to make room.
     */
    TrackFiles oldSegment(Path cameraDir, long bytes) throws IOException {
        TrackFiles f = TrackFiles.of(Files.createDirectories(cameraDir), Long.toString(OLD_MICROS / 1000), "video");
        byte[] slice = new byte[100_000];
        for (int i = 1; i < slice.length; i++) slice[i] = (byte) (1 + i % 250);
        try (TrackWriter w = TrackWriter.create(f, TrackHeader.video(Codec.H264, OLD_MICROS, 640, 360))) {
            w.append(0, ByteBuffer.wrap(new byte[] {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xD9, 0x01, 0x40, 0x16}), 6);
            w.append(0, ByteBuffer.wrap(new byte[] {0x68, (byte) 0xCB, (byte) 0x83, (byte) 0xCB, 0x20}), 6);
            for (int i = 0; (long) i * slice.length < bytes; i++) {
                slice[0] = (byte) (i % 15 == 0 ? 0x65 : 0x41);
                w.append(i * 273, ByteBuffer.wrap(slice), i % 15 == 0 ? 5 : 4);
            }
        }
        return f;
    }

    /**
     * Fills the disk to the last byte with a file of its own, as another program would. (Leaving
     * some room would not do: closing a segment trims its preallocation, which the next one takes.)
     */
    void fill() throws IOException {
        try (FileChannel ch = FileChannel.open(root.resolve("filler"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
            for (long at = ch.size(); ; ) {
                zeros.clear();
                try {
                    int n = ch.write(zeros, at);
                    if (n == 0) return;
                    at += n;
                } catch (IOException full) {
                    return; // no space left: that was the point
                }
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("umount", "-l", root.toString()).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
    }
}
