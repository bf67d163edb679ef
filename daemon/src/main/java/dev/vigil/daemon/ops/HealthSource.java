package dev.vigil.daemon.ops;

import java.util.List;

/**
 * Every configured camera's health, enabled or not, read on each {@code GET /healthz} from an
 * HTTP handler thread: it must be quick and must not block on a camera or the disk.
 */
@FunctionalInterface
public interface HealthSource {
    List<CameraHealth> cameras();
}
