package dev.vigil.storage.rf1;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packets file of a track being written: bytes appended through a gather buffer, written out
 * as the buffer fills and on {@link #sync}, which also makes them durable.
 *
 * <p><b>Direct I/O.</b> Where the file system takes it (Linux, {@code O_DIRECT}), the file is
 * written past the page cache: footage is written once and seldom read back soon, and through the
 * page cache every byte costs a copy into a fresh page, the page's writeback at {@code fdatasync},
 * and its reclaim or drop later. Direct writes must start and end on the file system's block
 * boundaries, so the buffer always begins at a block boundary of the file: a full buffer is written
 * whole; a sync writes the partial last block padded with zeros and keeps that block's bytes at the
 * head of the buffer, to be written again, completed, by the next write. The zeros lie past the
 * logical end, where readers never look (the index's sentinel ends the data) and where
 * {@link #trim} cuts at close, as it cuts the preallocated space.
 *
 * <p><b>Buffer size.</b> Each write that fills the buffer is an I/O of its own, which the writer
 * thread waits for, and on a spinning disk a seek. So at each sync the buffer grows, if need be,
 * to the size that would have held everything since the previous one, up to {@link #LARGEST_BUFFER}
 * (about a second of a 4 Mbit/s camera): a video track makes about one write per flush, while an
 * audio track (a few kB a second) keeps the smallest buffer. It grows in one step, not through
 * every size between, since each size's pool keeps what it was given. Buffers come from pools per
 * size and go back to them at close.
 *
 * <p><b>Buffered.</b> Elsewhere (tmpfs without {@code O_DIRECT}, another OS, or
 * {@code -Dvigil.directIo=false}) the same code runs with a block of one byte: nothing is padded or
 * kept, and {@link PageCache} drops what is durable instead.
 *
 * <p>Not thread-safe: one writer thread per track.
 */
final class PacketsFile implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(PacketsFile.class);
    static final boolean DIRECT_WANTED = Boolean.parseBoolean(System.getProperty("vigil.directIo", "true"));
    /** Largest block a direct write may need to align to; the buffers are aligned to it. */
    private static final int MAX_BLOCK = 4096;
    static final int SMALLEST_BUFFER = 64 << 10;
    static final int LARGEST_BUFFER = 512 << 10;
    /** Pools of buffers of 64, 128, 256 and 512 KiB. */
    static final DirectBuffers[] BUFFERS = new DirectBuffers[Integer.numberOfTrailingZeros(LARGEST_BUFFER / SMALLEST_BUFFER) + 1];

    static {
        for (int i = 0; i < BUFFERS.length; i++) BUFFERS[i] = new DirectBuffers(SMALLEST_BUFFER << i, MAX_BLOCK);
    }

    private static volatile boolean toldBuffered;

    private final Path path;
    private final FileChannel channel;
    /** Writes start and end on multiples of this: the file system's block when direct, else 1. */
    private final int block;
    /** Null when direct: nothing of ours is cached. */
    private final PageCache cache;
    /** Index into {@link #BUFFERS} of the gather buffer's size. */
    private int sizeClass;
    private ByteBuffer gather = BUFFERS[0].take();
    /** File offset of the gather buffer's first byte; a multiple of {@link #block}. */
    private long gatherAt;
    /** The logical size at the last sync (or at opening). */
    private long syncedEnd;
    private boolean bufferGiven;

    private PacketsFile(Path path, FileChannel channel, int block) {
        this.path = path;
        this.channel = channel;
        this.block = block;
        this.cache = block == 1 ? new PageCache(path) : null;
    }

    /** Creates the file; refuses to overwrite one. */
    static PacketsFile create(Path path, boolean direct) throws IOException {
        return open(path, StandardOpenOption.CREATE_NEW, blockFor(path, direct));
    }

    /** For tests: {@link #create}, with direct writes aligned to {@code block}, whatever the file system's is. */
    static PacketsFile createAligned(Path path, int block) throws IOException {
        return open(path, StandardOpenOption.CREATE_NEW, block);
    }

    /** Opens an existing file to append after its first {@code end} bytes, which are kept. */
    static PacketsFile resume(Path path, long end, boolean direct) throws IOException {
        PacketsFile f = open(path, StandardOpenOption.WRITE, blockFor(path, direct));
        try {
            long size = f.channel.size();
            if (end > size) throw new IOException(path + ": " + size + " bytes, fewer than the " + end + " its index points at");
            f.gatherAt = end / f.block * f.block;
            int keep = (int) (end - f.gatherAt);
            if (keep > 0) {
                // The next write rewrites this block whole, so the bytes before the end are read back
                // first: one aligned read of the block, which the size check above says holds them.
                f.channel.read(f.gather.limit(f.block), f.gatherAt);
                if (f.gather.position() < keep) throw new IOException(path + ": could not read back bytes " + f.gatherAt + "-" + end);
            }
            f.gather.limit(f.gather.capacity()).position(keep);
            f.syncedEnd = end;
            return f;
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private static int blockFor(Path path, boolean direct) {
        return direct && Libc.INSTANCE != null ? directBlock(path) : 1;
    }

    private static PacketsFile open(Path path, OpenOption how, int block) throws IOException {
        OpenOption[] options = {how, StandardOpenOption.READ, StandardOpenOption.WRITE};
        if (block > 1) {
            PacketsFile f = null;
            try {
                f = new PacketsFile(path, FileChannel.open(path, how, StandardOpenOption.READ, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT), block);
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (IOException | UnsupportedOperationException e) {
                // tmpfs before Linux 6.6, some FUSE file systems: buffered is slower, never wrong. The
                // kernel refuses O_DIRECT only after it has created the file.
                if (how == StandardOpenOption.CREATE_NEW) Files.deleteIfExists(path);
                tellBuffered(path + " cannot be opened for direct I/O (" + e + ")");
            }
            if (f != null && (how != StandardOpenOption.CREATE_NEW || f.directWriteWorks())) return f;
            if (f != null) {
                f.close();
                options = new OpenOption[] {StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE};
            }
        }
        return new PacketsFile(path, FileChannel.open(path, options), 1);
    }

    /**
     * Writes the new file's first block (zeros, which the first sync overwrites) to learn whether the
     * device takes direct writes aligned to the file system's block: a disk of 4096-byte sectors
     * under a file system of 1 KiB blocks refuses them, and that must show now, not at every flush.
     */
    private boolean directWriteWorks() {
        try {
            for (int i = 0; i < block; i++) gather.put(i, (byte) 0);
            writeAt(0, gather.limit(block));
            gather.clear();
            return true;
        } catch (IOException e) {
            tellBuffered(path + ": a direct write of " + block + " bytes failed (" + e.getMessage() + ")");
            return false;
        }
    }

    /** The block direct writes align to, or 1 where they cannot be done with our buffers. */
    private static int directBlock(Path path) {
        try {
            long b = Files.getFileStore(path.toAbsolutePath().getParent()).getBlockSize();
            if (b > 1 && b <= MAX_BLOCK && SMALLEST_BUFFER % b == 0) return (int) b;
            tellBuffered(path.getParent() + " has blocks of " + b + " bytes");
        } catch (IOException | UnsupportedOperationException e) {
            tellBuffered(path.getParent() + ": block size unknown (" + e + ")");
        }
        return 1;
    }

    private static void tellBuffered(String why) {
        if (toldBuffered) return;
        toldBuffered = true;
        log.info("{}: writing footage through the page cache instead, which costs more CPU (said once)", why);
    }

    boolean direct() {
        return block > 1;
    }

    int bufferSize() {
        return gather.capacity();
    }

    FileChannel channel() {
        return channel;
    }

    /** Appends {@code src}'s remaining bytes; its position is not changed. */
    void put(ByteBuffer src) throws IOException {
        for (int at = src.position(), end = src.limit(); at < end; ) {
            if (!gather.hasRemaining()) writeFull();
            int n = Math.min(gather.remaining(), end - at);
            gather.put(gather.position(), src, at, n);
            gather.position(gather.position() + n);
            at += n;
        }
    }

    void put(byte[] src) throws IOException {
        if (gather.remaining() < src.length) put(ByteBuffer.wrap(src));
        else gather.put(src);
    }

    private void writeFull() throws IOException {
        writeAt(gatherAt, gather.flip());
        gatherAt += gather.capacity();
        gather.clear();
    }

    /** Writes out and {@code fdatasync}s everything appended; {@code end} is the logical size. */
    void sync(long end) throws IOException {
        writeOut(end);
        channel.force(false);
        madeDurable(end);
    }

    /**
     * Writes out everything appended, without making it durable: the caller does that for many
     * files at once ({@link FileSystemSync}), then calls {@link #madeDurable}. {@code end} is the
     * logical size.
     */
    void writeOut(long end) throws IOException {
        int n = gather.position();
        if (gatherAt + n != end) throw new IllegalStateException(path + ": " + (gatherAt + n) + " bytes appended, not " + end);
        int padded = (n + block - 1) / block * block;
        for (int i = n; i < padded; i++) gather.put(i, (byte) 0);
        writeAt(gatherAt, gather.limit(padded).position(0));
        int kept = n % block;
        gather.limit(n).position(n - kept);
        gather.compact(); // the partial block moves to the head: position kept, limit the capacity
        gatherAt = end - kept;
        growToHold(end - syncedEnd + block);
        syncedEnd = end;
    }

    /** The first {@code end} bytes, written out, are durable now: the page cache may drop them. */
    void madeDurable(long end) {
        if (cache != null) cache.durable(end);
    }

    private void growToHold(long bytes) {
        int c = sizeClass;
        while (c + 1 < BUFFERS.length && (long) SMALLEST_BUFFER << c < bytes) c++;
        if (c == sizeClass) return;
        ByteBuffer larger = BUFFERS[c].take();
        larger.put(gather.flip()); // the kept partial block
        BUFFERS[sizeClass].give(gather);
        gather = larger;
        sizeClass = c;
    }

    /** Cuts the file to its logical size {@code end} (after {@link #sync}) and makes that durable. */
    void trim(long end) throws IOException {
        channel.truncate(end);
        channel.force(false);
        if (cache != null) cache.finished(end);
    }

    private void writeAt(long position, ByteBuffer src) throws IOException {
        long pos = position;
        while (src.hasRemaining()) pos += channel.write(src, pos);
    }

    /** Closes the channel; bytes not synced are lost, as in a crash. */
    @Override
    public void close() throws IOException {
        if (!bufferGiven) {
            bufferGiven = true;
            BUFFERS[sizeClass].give(gather);
        }
        channel.close();
    }
}
