package dev.vigil.storage.rf1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemSyncTest {
    @TempDir
    Path dir;

    @Test
    void syncsEachFileSystemOnce() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        List<Path> dirs = List.of(a, b, Path.of("/proc"));
        try (FileSystemSync sync = FileSystemSync.forDirectories(dirs).orElseThrow()) {
            assertThat(sync.fileSystems()).as("a and b share a file system; /proc is another").containsExactly(a, Path.of("/proc"));
            Files.write(a.resolve("f"), new byte[] {1, 2, 3});
            sync.sync();
        }
    }

    @Test
    void aDirectoryThatCannotBeOpenedIsAClearError() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> FileSystemSync.forDirectories(List.of(missing))).isInstanceOf(IOException.class).hasMessageContaining("missing");
    }

    @Test
    void noDirectoriesNoSync() throws Exception {
        assertThat(FileSystemSync.forDirectories(List.of())).isEmpty();
    }

    @Test
    void refusesToSyncOnceClosed() throws Exception {
        FileSystemSync sync = FileSystemSync.forDirectories(List.of(dir)).orElseThrow();
        sync.close();
        assertThatThrownBy(sync::sync).isInstanceOf(IllegalStateException.class);
    }
}
