package dev.vigil.storage.rf1;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Really allocates file blocks with {@code posix_fallocate(3)}, so that a segment's files are
 * contiguous on disk and a full disk shows up when a segment grows, not in the middle of a write.
 * A sparse {@code setLength} would do neither.
 *
 * <p>Java does not expose a {@link FileChannel}'s descriptor, so the allocation opens the file a
 * second time by path; the blocks belong to the file, not to the descriptor. Allocations happen a
 * few times per segment, so the extra open is free. Where the C library cannot be reached (not
 * Linux) the file is extended by writing zeros, which allocates as well, only slower.
 */
final class Fallocate {
    private static final Libc.Calls LIBC = Libc.INSTANCE;

    private Fallocate() {}

    /** Allocates {@code [offset, offset + length)} of {@code file}, extending it if needed. */
    static void allocate(Path file, FileChannel channel, long offset, long length) throws IOException {
        if (length <= 0) return;
        if (LIBC == null) {
            writeZeros(channel, offset, length);
            return;
        }
        int fd;
        try {
            fd = LIBC.open(file.toString(), Libc.O_WRONLY | Libc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException(file + ": cannot open to allocate space: errno " + e.getErrorCode(), e);
        }
        try {
            // posix_fallocate returns the error number instead of setting errno.
            int err = LIBC.posix_fallocate(fd, offset, length);
            if (err == Libc.ENOSPC)
                throw new IOException(file + ": no space left on device to allocate " + length + " bytes at offset " + offset);
            if (err != 0) throw new IOException(file + ": posix_fallocate failed with errno " + err);
        } finally {
            LIBC.close(fd);
        }
    }

    private static void writeZeros(FileChannel channel, long offset, long length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(length, 1 << 20));
        long end = offset + length;
        for (long pos = offset; pos < end; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), end - pos));
            pos += channel.write(zeros, pos);
        }
    }
}
