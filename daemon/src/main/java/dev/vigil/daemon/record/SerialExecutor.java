package dev.vigil.daemon.record;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in order, on a shared pool: one camera's disk work never runs on two
 * threads at once, and a slow disk for one camera takes one pool thread, not all of them.
 */
final class SerialExecutor implements Executor {
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor pool;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) pool.execute(this::drain);
    }

    private void drain() {
        try {
            Runnable r;
            while ((r = tasks.poll()) != null) r.run();
        } finally {
            scheduled.set(false);
            schedule(); // a task added between the last poll and the reset must not be stranded
        }
    }
}
