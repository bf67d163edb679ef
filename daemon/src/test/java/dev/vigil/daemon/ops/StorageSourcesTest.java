package dev.vigil.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.segment.SegmentInfo;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage sources over a real SQLite catalog and file system. */
class StorageSourcesTest {
    @TempDir
    Path root;

    @Test
    void readsTheCatalogAndTheFreeSpaceOfTheRoot() {
        try (Catalog catalog = Catalog.open("jdbc:sqlite:" + root.resolve("catalog.db"))) {
            catalog.opened("a", new SegmentInfo(root.resolve("a"), "1000", 1_000_000, 2_000_000, List.of("video"), 10, 4_000, true, false));
            catalog.closed("a", new SegmentInfo(root.resolve("a"), "2000", 2_000_000, 3_000_000, List.of("video"), 10, 6_000, true, true));
            catalog.closed("b", new SegmentInfo(root.resolve("b"), "1000", 1_000_000, 2_000_000, List.of("video"), 5, 700, true, true));
            StorageSources s = StorageSources.of(catalog, root);
            assertThat(s.bytesByCamera().get()).isEqualTo(Map.of("a", 10_000L, "b", 700L));
            assertThat(s.segments().getAsLong()).isEqualTo(3);
            assertThat(s.freeBytes().getAsLong()).isPositive();
        }
    }

    @Test
    void aMissingRootSaysWhichPath() {
        Path missing = root.resolve("not-there");
        assertThatThrownBy(() -> StorageSources.usableSpace(missing)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString());
    }
}
