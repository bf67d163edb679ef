package dev.vigil.rtsp.fuzz;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Remembers every buffer it hands out, so that a fuzz target can prove at the end of each input
 * that all of them were released. Netty's paranoid leak detector (on in every test JVM) only
 * reports a leak when the garbage collector happens to find it, some inputs later; this check is
 * exact and points at the input that leaked.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
    private final List<ByteBuf> allocated = new ArrayList<>();

    TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
        allocated.add(b);
        return b;
    }

    /** Heap memory stands in for direct: what is checked is the reference count, not the memory. */
    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** A buffer holding {@code bytes}, counted like the rest. */
    ByteBuf copyOf(byte[] bytes, int from, int length) {
        ByteBuf b = heapBuffer(length);
        b.writeBytes(bytes, from, length);
        return b;
    }

    /** How many buffers were handed out and are still referenced. */
    int unreleased() {
        int n = 0;
        for (ByteBuf b : allocated) {
            if (b.refCnt() != 0) n++;
        }
        return n;
    }

    int allocations() {
        return allocated.size();
    }
}
