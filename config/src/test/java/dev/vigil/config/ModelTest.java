package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Configs built in code (the daemon's tests) get the same guarantees as loaded ones. */
class ModelTest {

    private static final URI URL = URI.create("rtsp://cam/live");

    @Test
    void aCameraRejectsWhatTheLoaderRejects() {
        assertThatThrownBy(() -> CameraConfig.of("..", URL))
                .hasMessage("name: '..' is not a safe directory name (letters, digits, '-' and '_' only, at most 64)");
        assertThatThrownBy(() -> CameraConfig.of("a", URI.create("http://cam/live")))
                .hasMessageStartingWith("url: 'http://cam/live' is not an RTSP URL");
        assertThatThrownBy(() -> CameraConfig.of("a", URI.create("rtsp://u:p@cam/live")))
                .hasMessage("url: must not carry credentials; use user and password");
        assertThatThrownBy(() -> new CameraConfig("a", URL, Optional.empty(),
                Optional.of(new Secret.Inline("x")), Transport.TCP, false, true, Duration.ofSeconds(1)))
                .hasMessage("password: a password needs a user");
        assertThatThrownBy(() -> new CameraConfig("a", URL, Optional.empty(), Optional.empty(),
                Transport.TCP, false, true, Duration.ZERO))
                .hasMessageStartingWith("stallTimeout: must be longer than zero");
    }

    @Test
    void aConfigRejectsWhatTheLoaderRejects() {
        VigilConfig d = VigilConfig.defaults();
        assertThatThrownBy(() -> new VigilConfig(Path.of("rel"), d.catalogUrl(), d.httpBind(),
                d.flushInterval(), d.segmentDuration(), d.retention(), d.cameras()))
                .hasMessage("storageRoot: 'rel' must be absolute");
        assertThatThrownBy(() -> new VigilConfig(d.storageRoot(), d.catalogUrl(), d.httpBind(),
                d.flushInterval(), Duration.ofSeconds(1024), d.retention(), d.cameras()))
                .hasMessage("segmentDuration: '1024s' is too long; a segment lasts at most 1023s");
        assertThatThrownBy(() -> new VigilConfig(d.storageRoot(), d.catalogUrl(), d.httpBind(),
                d.flushInterval(), d.segmentDuration(), d.retention(),
                List.of(CameraConfig.of("porch", URL), CameraConfig.of("PORCH", URL))))
                .hasMessage("cameras: the name 'PORCH' is used twice (names are compared ignoring case)");
        assertThatThrownBy(() -> new HttpBind("localhost", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCameraListIsFrozen() {
        List<CameraConfig> cameras = new ArrayList<>(List.of(CameraConfig.of("a", URL)));
        VigilConfig d = VigilConfig.defaults();
        VigilConfig config = new VigilConfig(d.storageRoot(), d.catalogUrl(), d.httpBind(),
                d.flushInterval(), d.segmentDuration(), d.retention(), cameras);
        cameras.add(CameraConfig.of("b", URL));
        assertThat(config.cameras()).hasSize(1);
        assertThatThrownBy(() -> config.cameras().add(CameraConfig.of("c", URL)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
