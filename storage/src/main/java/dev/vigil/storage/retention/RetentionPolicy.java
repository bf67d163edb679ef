package dev.vigil.storage.retention;

import java.time.Duration;

/**
 * How much footage to keep. Zero (or a zero duration) means no limit of that kind.
 *
 * @param maxAge delete segments that ended longer ago than this
 * @param maxBytesPerCamera delete a camera's oldest segments while it holds more
 * @param maxTotalBytes delete the oldest segments of any camera while all hold more
 * @param minFreeBytes delete the oldest segments while the disk has less free than this
 */
public record RetentionPolicy(Duration maxAge, long maxBytesPerCamera, long maxTotalBytes, long minFreeBytes) {
    public RetentionPolicy {
        if (maxAge.isNegative()) throw new IllegalArgumentException("maxAge " + maxAge + " is negative");
        if (maxBytesPerCamera < 0 || maxTotalBytes < 0 || minFreeBytes < 0)
            throw new IllegalArgumentException("byte limits must be at least 0 (0 means none): " + this);
    }

    public RetentionPolicy withMinFreeBytes(long bytes) {
        return new RetentionPolicy(maxAge, maxBytesPerCamera, maxTotalBytes, bytes);
    }

    public static RetentionPolicy none() {
        return new RetentionPolicy(Duration.ZERO, 0, 0, 0);
    }
}
