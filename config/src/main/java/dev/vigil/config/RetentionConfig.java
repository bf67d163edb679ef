package dev.vigil.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When old recordings are deleted. Every limit is optional and all that are set apply; the
 * free-disk floor always applies so that a full disk never stops recording.
 *
 * @param maxAge            delete recordings older than this; empty: no age limit
 * @param maxBytesPerCamera delete a camera's oldest recordings beyond this; empty: no limit
 * @param maxBytesTotal     delete the oldest recordings of all cameras beyond this; empty: no limit
 * @param minFreeDisk       delete the oldest recordings while the disk has less free space
 */
public record RetentionConfig(Optional<Duration> maxAge, Optional<DataSize> maxBytesPerCamera,
        Optional<DataSize> maxBytesTotal, DataSize minFreeDisk) {

    /**
     * Enough headroom for a few minutes of several HD streams plus the catalog; with no other
     * limit set, this floor is what keeps the disk from filling up.
     */
    public static final DataSize DEFAULT_MIN_FREE_DISK = DataSize.parse("1GiB");

    /** No age or byte limit, the default free-disk floor. */
    public static final RetentionConfig DEFAULT = new RetentionConfig(
            Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_MIN_FREE_DISK);

    public RetentionConfig {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(maxBytesPerCamera, "maxBytesPerCamera");
        Objects.requireNonNull(maxBytesTotal, "maxBytesTotal");
        Objects.requireNonNull(minFreeDisk, "minFreeDisk");
        maxAge.ifPresent(d -> Rules.check("maxAge", Rules.positive(d)));
    }
}
