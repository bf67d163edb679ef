package dev.vigil.daemon;

import dev.vigil.rtsp.sim.CameraFaults;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What an injection works with: the faulted camera's switches, the disk (full-disk runs only),
 * and the clock.
 *
 * @param camera   the runtime faults of camera 1's path
 * @param disk     the tmpfs under the storage, or null when the run has none
 * @param written  frames written so far by camera 1's recorder
 * @param notes    takes lines worth printing under the scenario's row
 * @param nanoTime the monotonic clock recovery is measured with
 */
record FaultContext(CameraFaults camera, FaultDisk disk, LongSupplier written, java.util.function.Consumer<String> notes, LongSupplier nanoTime) {
    /** Waits {@code d}, then returns the clock's reading. */
    long after(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
        return nanoTime.getAsLong();
    }

    long now() {
        return nanoTime.getAsLong();
    }
}
