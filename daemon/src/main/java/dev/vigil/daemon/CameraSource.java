package dev.vigil.daemon;

/**
 * Where one camera's access units come from: in production its RTSP session, in tests anything
 * that feeds the recorder. Started once, closed once; it reconnects by itself in between.
 */
interface CameraSource extends AutoCloseable {
    void start();

    /** What the source is doing now, for health and logs (credentials never included). */
    String state();

    @Override
    void close();

    /**
     * Starts stopping without waiting, so that many sources stop together; {@link #close()} then
     * waits. By default it stops at once.
     */
    default java.util.concurrent.CompletableFuture<Void> stop() {
        close();
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /** Makes the source of one camera, feeding the given recorder. */
    interface Factory {
        CameraSource create(dev.vigil.config.CameraConfig camera, dev.vigil.daemon.record.CameraRecorder recorder);
    }
}
