package dev.vigil.storage.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system (tmpfs of a given size) mounted for one test, so that a full disk is a
 * true ENOSPC from the kernel, not a simulation. Mounting needs root: CI runs as root, so there a
 * failure to mount fails the test; elsewhere the test is skipped and says why.
 */
public final class TinyDisk implements AutoCloseable {
    public final Path root;

    private TinyDisk(Path root) {
        this.root = root;
    }

    public static TinyDisk mount(Path mountPoint, long megabytes) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", mountPoint.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        boolean mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!mounted) {
            String why = "cannot mount a " + megabytes + " MiB tmpfs (needs root): " + out;
            if (System.getenv("CI") != null) throw new AssertionError(why);
            assumeTrue(false, why);
        }
        return new TinyDisk(mountPoint);
    }

    /**
     * Fills the disk with a file of its own until only about {@code leaveBytes} are free (0: until the
     * kernel says no space is left), as another program filling the disk would.
     */
    public Path fillLeaving(long leaveBytes) throws IOException {
        Path filler = root.resolve("filler");
        long free = Files.getFileStore(root).getUsableSpace();
        long size = Math.max(0, free - leaveBytes);
        try (var ch = java.nio.channels.FileChannel.open(filler, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(1 << 20);
            for (long written = 0; written < size; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - written));
                try {
                    written += ch.write(zeros, written);
                } catch (IOException full) {
                    break; // the disk is full: that was the point
                }
            }
        }
        return filler;
    }

    public long freeBytes() throws IOException {
        return Files.getFileStore(root).getUsableSpace();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("umount", "-l", root.toString()).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
    }
}
