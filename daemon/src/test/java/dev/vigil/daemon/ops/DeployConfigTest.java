package dev.vigil.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example config the package installs as /etc/vigil/vigil.yaml loads. */
class DeployConfigTest {
    @Test
    void theShippedExampleConfigLoads() {
        VigilConfig config = ConfigLoader.load(Path.of("..", "deploy", "vigil.yaml"));
        assertThat(config.storageRoot()).isEqualTo(Path.of("/var/lib/vigil"));
        assertThat(config.catalogUrl()).isEqualTo("jdbc:sqlite:/var/lib/vigil/catalog.db");
        assertThat(config.cameras()).isNotEmpty();
    }
}
