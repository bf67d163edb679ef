package dev.vigil.storage.rf1;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Direct buffers of one size, kept from writers that have closed for the writers that open next.
 *
 * <p>Why: a {@link TrackWriter} lives one segment. Left to the garbage collector, its direct
 * buffers go only when the old generation is collected, which a recorder's small, steady heap does
 * rarely: at 64 cameras rolling every 60 s, direct memory climbed 8 MiB a minute between full
 * collections. A buffer given back is reused at once instead, so the pool never holds more than
 * the most writers ever open together.
 *
 * <p>Thread-safe: writers of different cameras open and close on different threads.
 */
final class DirectBuffers {
    private final int capacity;
    private final int alignment;
    private final Queue<ByteBuffer> free = new ConcurrentLinkedQueue<>();

    DirectBuffers(int capacity) {
        this(capacity, 1);
    }

    /** Buffers whose first byte's address is a multiple of {@code alignment}, as direct I/O needs. */
    DirectBuffers(int capacity, int alignment) {
        this.capacity = capacity;
        this.alignment = alignment;
    }

    /** A cleared buffer of this pool's capacity, reused or new. */
    ByteBuffer take() {
        ByteBuffer b = free.poll();
        if (b != null) return b.clear();
        if (alignment == 1) return ByteBuffer.allocateDirect(capacity);
        return ByteBuffer.allocateDirect(capacity + alignment).alignedSlice(alignment).limit(capacity).slice();
    }

    /** Gives back a buffer that its taker will not touch again; one of another size is left to the collector. */
    void give(ByteBuffer b) {
        if (b.isDirect() && b.capacity() == capacity) free.add(b);
    }

    int idle() {
        return free.size();
    }
}
