package dev.vigil.storage.rf1;

import com.sun.jna.LastErrorException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the kernel forget a packets file's bytes once they are on disk.
 *
 * <p>A recorder writes tens of megabytes a second that nobody reads back soon. Left in the page
 * cache they push out what is worth caching (the catalog, the JVM's files, footage being played),
 * and the kernel must later reclaim them page by page, in kswapd or in whichever thread next needs
 * memory. {@code posix_fadvise(POSIX_FADV_DONTNEED)} over a range that is already {@code fdatasync}ed
 * frees its clean pages at once, so the next writes reuse the same few pages instead of taking
 * fresh ones. The advice is only advice: where it fails or cannot be given, nothing else changes.
 *
 * <p>The kernel drops whole pages only, so the page holding the end of a range stays; the next
 * range starts at the 64 KiB boundary (the largest page size Linux uses) below the previous end
 * and takes it along.
 *
 * <p>Not thread-safe: used by one {@link TrackWriter}.
 */
final class PageCache {
    private static final Logger log = LoggerFactory.getLogger(PageCache.class);
    /** Drop once this much more is durable: a 4 Mbit/s camera every 4 s, few calls, few pages held. */
    static final long STEP = 2L << 20;
    private static final long ALIGN = 64L << 10;
    private static final Libc.Calls LIBC = Libc.INSTANCE;
    private static volatile boolean warned;

    private final Path file;
    /** Everything before this offset has been dropped. */
    private long droppedTo;

    PageCache(Path file) {
        this.file = file;
    }

    /** The first {@code end} bytes of the file are durable: drops them once {@link #STEP} more are. */
    void durable(long end) {
        if (end - droppedTo >= STEP) drop(end);
    }

    /** The first {@code end} bytes of the file are durable and no more will come: drops them all. */
    void finished(long end) {
        if (end > droppedTo) drop(end);
    }

    private void drop(long end) {
        if (LIBC == null) return;
        long from = droppedTo;
        droppedTo = end / ALIGN * ALIGN;
        int fd;
        try {
            fd = LIBC.open(file.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
        } catch (LastErrorException e) {
            warnOnce("cannot open to advise: errno " + e.getErrorCode());
            return;
        }
        try {
            int err = LIBC.posix_fadvise(fd, from, end - from, Libc.POSIX_FADV_DONTNEED);
            if (err != 0) warnOnce("posix_fadvise failed with errno " + err);
        } finally {
            LIBC.close(fd);
        }
    }

    private void warnOnce(String what) {
        if (warned) return;
        warned = true;
        log.warn("{}: {}; written footage stays in the page cache until the kernel reclaims it (said once)", file, what);
    }
}
