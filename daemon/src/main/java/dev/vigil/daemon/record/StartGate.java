package dev.vigil.daemon.record;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * An executor that holds its tasks until {@link #open()}, then passes them, in order, and every
 * later one, to the pool behind it.
 *
 * <p>Why: at start the cameras' sessions connect while the catalog opens and recovery repairs
 * what a crash left open. Recorders write through this gate, so no new segment can appear (and
 * no catalog row be written) before recovery is done, yet the frames that arrive meanwhile are
 * kept (within each recorder's bounded buffer) rather than lost, and the RTSP handshake and the
 * wait for the first key frame no longer add to the time it takes to record again.
 */
public final class StartGate implements Executor {
    private final Executor pool;
    private List<Runnable> held = new ArrayList<>();

    public StartGate(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (held != null) {
                held.add(task);
                return;
            }
        }
        pool.execute(task);
    }

    /** Lets the held tasks run, in the order they came. Idempotent. */
    public void open() {
        List<Runnable> release;
        synchronized (this) {
            if (held == null) return;
            release = held;
            // Submitting under the lock keeps a task that arrives now behind the held ones.
            release.forEach(pool::execute);
            held = null;
        }
    }

    public synchronized boolean isOpen() {
        return held == null;
    }
}
