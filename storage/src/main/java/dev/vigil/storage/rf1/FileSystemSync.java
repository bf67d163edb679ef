package dev.vigil.storage.rf1;

import com.sun.jna.LastErrorException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes everything written to a few file systems durable at once, with one {@code syncfs(2)} each:
 * what a group flush ({@link TrackWriter#writeOut()}, {@link TrackWriter#writeIndex()}) does
 * between its halves and after them, in place of an {@code fdatasync} per file.
 *
 * <p>Why: flushing every second, each camera's tracks took two {@code fdatasync}s each, and each
 * of those wrote the file's metadata on its own and sent the disk its own cache flush. At 64
 * cameras that was about 115 cache flushes and 415 writes a second (BENCHMARKS.md); a spinning disk does
 * about a hundred flushes a second at best. One sync of the file system writes the metadata of
 * every file together and flushes the disk's cache once.
 *
 * <p>What it costs: the sync covers everything dirty on the file system, other programs' writes
 * included, so it waits for those too; a recorder's disk holds little else. It reports a write
 * error without saying which file failed; the caller then syncs file by file to find out.
 *
 * <p>Thread-safe, as long as {@link #close()} comes after the last sync.
 */
public final class FileSystemSync implements Closeable {
    private static final Libc.Calls LIBC = Libc.INSTANCE;

    /** One directory per file system, by device number, and its open descriptor. */
    private final Map<Path, Integer> descriptors;
    private volatile boolean closed;

    private FileSystemSync(Map<Path, Integer> descriptors) {
        this.descriptors = descriptors;
    }

    /**
     * A sync for the file systems holding {@code dirs} (existing directories); empty where the C
     * library cannot be reached, and callers then sync file by file, or when there are none.
     */
    public static Optional<FileSystemSync> forDirectories(Collection<Path> dirs) throws IOException {
        if (LIBC == null || dirs.isEmpty()) return Optional.empty();
        Map<Object, Path> byDevice = new LinkedHashMap<>();
        for (Path dir : dirs) byDevice.putIfAbsent(Files.getAttribute(dir, "unix:dev"), dir);
        Map<Path, Integer> descriptors = new LinkedHashMap<>();
        try {
            for (Path dir : byDevice.values()) {
                try {
                    descriptors.put(dir, LIBC.open(dir.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC));
                } catch (LastErrorException e) {
                    throw new IOException(dir + ": cannot open to sync its file system: errno " + e.getErrorCode(), e);
                }
            }
        } catch (IOException e) {
            descriptors.values().forEach(LIBC::close);
            throw e;
        }
        return Optional.of(new FileSystemSync(descriptors));
    }

    /** The directories whose file systems are synced, one per file system. */
    public List<Path> fileSystems() {
        return new ArrayList<>(descriptors.keySet());
    }

    /** Makes everything written before the call to any of the file systems durable. */
    public void sync() throws IOException {
        if (closed) throw new IllegalStateException("closed: it would sync nothing");
        for (Map.Entry<Path, Integer> d : descriptors.entrySet()) {
            try {
                LIBC.syncfs(d.getValue());
            } catch (LastErrorException e) {
                throw new IOException("syncing the file system of " + d.getKey() + " failed: errno " + e.getErrorCode(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        descriptors.values().forEach(LIBC::close);
    }
}
