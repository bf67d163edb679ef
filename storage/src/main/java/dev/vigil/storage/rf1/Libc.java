package dev.vigil.storage.rf1;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few C library calls that Java's file API lacks, bound through JNA. {@link #INSTANCE} is null
 * where they cannot be reached (not Linux); callers then fall back or do without.
 */
final class Libc {
    private static final Logger log = LoggerFactory.getLogger(Libc.class);
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CLOEXEC = 0x80000;
    static final int ENOSPC = 28;
    static final int POSIX_FADV_DONTNEED = 4;
    static final Calls INSTANCE = load();

    private Libc() {}

    private static Calls load() {
        if (!Platform.isLinux()) return null;
        try {
            return Native.load("c", Calls.class);
        } catch (LinkageError e) {
            log.warn("C library calls unavailable ({}); preallocating by writing zeros, page cache left to the kernel", e.toString());
            return null;
        }
    }

    interface Calls extends com.sun.jna.Library {
        int open(String path, int flags) throws LastErrorException;

        /** Returns the error number instead of setting errno. */
        int posix_fallocate(int fd, long offset, long len);

        /** Returns the error number instead of setting errno. */
        int posix_fadvise(int fd, long offset, long len, int advice);

        int close(int fd);

        /** Linux 2.6.39: sync(2) for the one file system holding {@code fd}; reports write errors since 5.8. */
        int syncfs(int fd) throws LastErrorException;
    }
}
