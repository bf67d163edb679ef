package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static VigilConfig load(String yaml) {
        return ConfigLoader.load(yaml, "vigil.yaml");
    }

    @Test
    void anEmptyFileIsEveryDefaultAndNoCamera() {
        VigilConfig config = load("");
        assertThat(config.storageRoot()).isEqualTo(Path.of("/var/lib/vigil"));
        assertThat(config.catalogUrl()).isEqualTo("jdbc:sqlite:/var/lib/vigil/catalog.db");
        assertThat(config.httpBind()).isEqualTo(new HttpBind("127.0.0.1", 8080));
        assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.segmentDuration()).isEqualTo(Duration.ofSeconds(1000));
        assertThat(config.retention().maxAge()).isEmpty();
        assertThat(config.retention().maxBytesPerCamera()).isEmpty();
        assertThat(config.retention().maxBytesTotal()).isEmpty();
        assertThat(config.retention().minFreeDisk()).isEqualTo(DataSize.ofBytes(1L << 30));
        assertThat(config.cameras()).isEmpty();
        assertThat(config).isEqualTo(VigilConfig.defaults());
    }

    @Test
    void aCommentOnlyFileAndEmptySectionsAreDefaultsToo() {
        assertThat(load("# nothing yet\n")).isEqualTo(VigilConfig.defaults());
        assertThat(load("retention:\ncameras:\n")).isEqualTo(VigilConfig.defaults());
        assertThat(load("cameras: []\nretention: {}\n")).isEqualTo(VigilConfig.defaults());
    }

    @Test
    void aCameraGetsEveryDefault() {
        CameraConfig camera = load("""
                cameras:
                  - name: porch
                    url: rtsp://10.0.0.7/live
                """).cameras().get(0);
        assertThat(camera.name()).isEqualTo("porch");
        assertThat(camera.url()).isEqualTo(URI.create("rtsp://10.0.0.7/live"));
        assertThat(camera.user()).isEmpty();
        assertThat(camera.password()).isEmpty();
        assertThat(camera.transport()).isEqualTo(Transport.TCP);
        assertThat(camera.audio()).isFalse();
        assertThat(camera.enabled()).isTrue();
        assertThat(camera.stallTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(camera).isEqualTo(CameraConfig.of("porch", URI.create("rtsp://10.0.0.7/live")));
    }

    @Test
    void everyKeyCanBeSet() {
        VigilConfig config = load("""
                storageRoot: /srv/nvr/
                catalog: jdbc:postgresql://db.home.arpa/vigil
                httpBind: "[::]:9090"
                flushInterval: 250ms
                segmentDuration: 2s
                retention:
                  maxAge: 14d
                  maxBytesPerCamera: 100GB
                  maxBytesTotal: 1TiB
                  minFreeDisk: 0B
                cameras:
                  - name: Side_Gate-2
                    url: rtsps://gate.home.arpa:322/stream?ch=2
                    user: viewer
                    password: s3cret
                    transport: auto
                    audio: true
                    enabled: false
                    stallTimeout: 1m
                """);
        assertThat(config.storageRoot()).isEqualTo(Path.of("/srv/nvr"));
        assertThat(config.catalogUrl()).isEqualTo("jdbc:postgresql://db.home.arpa/vigil");
        assertThat(config.httpBind()).isEqualTo(new HttpBind("::", 9090));
        assertThat(config.flushInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.segmentDuration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.retention()).isEqualTo(new RetentionConfig(Optional.of(Duration.ofDays(14)),
                Optional.of(DataSize.ofBytes(100_000_000_000L)), Optional.of(DataSize.ofBytes(1L << 40)),
                DataSize.ofBytes(0)));
        assertThat(config.cameras()).containsExactly(new CameraConfig("Side_Gate-2",
                URI.create("rtsps://gate.home.arpa:322/stream?ch=2"), Optional.of("viewer"),
                Optional.of(new Secret.Inline("s3cret")), Transport.AUTO, true, false, Duration.ofMinutes(1)));
        assertThat(config.enabledCameras()).isEmpty();
    }

    @Test
    void theCatalogFollowsTheStorageRootAndAcceptsAFilePath() {
        assertThat(load("storageRoot: /srv/nvr\n").catalogUrl()).isEqualTo("jdbc:sqlite:/srv/nvr/catalog.db");
        assertThat(load("storageRoot: /srv/nvr\ncatalog: db/index.sqlite\n").catalogUrl())
                .isEqualTo("jdbc:sqlite:/srv/nvr/db/index.sqlite");
        assertThat(load("storageRoot: /srv/nvr\ncatalog: /var/cache/vigil.db\n").catalogUrl())
                .isEqualTo("jdbc:sqlite:/var/cache/vigil.db");
        assertThat(load("catalog: jdbc:sqlite:file:memdb?mode=memory\n").catalogUrl())
                .isEqualTo("jdbc:sqlite:file:memdb?mode=memory");
    }

    @Test
    void credentialsInTheUrlMoveToUserAndPassword() {
        CameraConfig camera = load("""
                cameras:
                  - name: a
                    url: rtsp://admin:p%40ss+word@cam.local:554/Streaming/Channels/101?transportmode=unicast
                """).cameras().get(0);
        assertThat(camera.url())
                .isEqualTo(URI.create("rtsp://cam.local:554/Streaming/Channels/101?transportmode=unicast"));
        assertThat(camera.user()).contains("admin");
        assertThat(camera.password()).contains(new Secret.Inline("p@ss+word"));
    }

    @Test
    void aUserWithoutPasswordInTheUrlIsKept() {
        CameraConfig camera = load("cameras:\n  - {name: a, url: 'rtsp://admin@cam/live'}\n").cameras().get(0);
        assertThat(camera.url()).isEqualTo(URI.create("rtsp://cam/live"));
        assertThat(camera.user()).contains("admin");
        assertThat(camera.password()).isEmpty();
    }

    @Test
    void secretsComeInlineFromAFileOrFromTheEnvironment() {
        List<CameraConfig> cameras = load("""
                cameras:
                  - {name: a, url: rtsp://a, user: u, password: "hunter2"}
                  - {name: b, url: rtsp://b, user: u, password: {file: /run/credentials/vigil.service/b}}
                  - name: c
                    url: rtsp://c
                    user: u
                    password:
                      env: VIGIL_C_PASSWORD
                  - {name: d, url: rtsp://d, user: u, password: 012345}
                """).cameras();
        assertThat(cameras).extracting(c -> c.password().orElseThrow()).containsExactly(
                new Secret.Inline("hunter2"),
                new Secret.FromFile(Path.of("/run/credentials/vigil.service/b")),
                new Secret.FromEnv("VIGIL_C_PASSWORD"),
                // a number-looking password keeps its leading zero: the text is taken as written
                new Secret.Inline("012345"));
        SecretLookup lookup = SecretTest.env(Map.of("VIGIL_C_PASSWORD", "from-env"));
        assertThat(cameras.get(2).password().orElseThrow().resolve(lookup)).isEqualTo("from-env");
    }

    @Test
    void yamlBooleanSpellingsAreBooleans() {
        List<CameraConfig> cameras = load("""
                cameras:
                  - {name: a, url: rtsp://a, audio: yes, enabled: off}
                  - {name: b, url: rtsp://b, audio: True, enabled: FALSE}
                """).cameras();
        assertThat(cameras).extracting(CameraConfig::audio).containsExactly(true, true);
        assertThat(cameras).extracting(CameraConfig::enabled).containsExactly(false, false);
    }

    @Test
    void aByteOrderMarkAndWindowsLineEndingsAreFine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("vigil.yaml"),
                "\uFEFFhttpBind: 0.0.0.0:80\r\nflushInterval: 2s\r\n", StandardCharsets.UTF_8);
        VigilConfig config = ConfigLoader.load(file);
        assertThat(config.httpBind()).isEqualTo(new HttpBind("0.0.0.0", 80));
        assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aCameraResolvesItsPasswordAndNamesItselfWhenItCannot() {
        List<CameraConfig> cameras = load("""
                cameras:
                  - {name: a, url: rtsp://a, user: u, password: {env: A_PW}}
                  - {name: b, url: rtsp://b}
                """).cameras();
        assertThat(cameras.get(0).resolvePassword(SecretTest.env(Map.of("A_PW", "pw")))).contains("pw");
        assertThat(cameras.get(1).resolvePassword(SecretTest.env(Map.of()))).isEmpty();
        assertThatThrownBy(() -> cameras.get(0).resolvePassword(SecretTest.env(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("camera a: environment variable A_PW is not set; set it for the vigil service"
                        + " (e.g. Environment= or EnvironmentFile= in the unit)");
    }

    @Test
    void segmentDurationMayBeAsLongAs1023s() {
        assertThat(load("segmentDuration: 1023s\n").segmentDuration()).isEqualTo(Duration.ofSeconds(1023));
    }

    @Test
    void theExampleConfigLoadsCleanly() throws Exception {
        Path example = Path.of(getClass().getResource("/vigil.yaml").toURI());
        VigilConfig config = ConfigLoader.load(example);
        assertThat(config.cameras()).extracting(CameraConfig::name)
                .containsExactly("front-door", "garage", "backyard");
        assertThat(config.enabledCameras()).extracting(CameraConfig::name)
                .containsExactly("front-door", "garage");
        assertThat(config.catalogUrl()).isEqualTo("jdbc:sqlite:/var/lib/vigil/catalog.db");
        assertThat(config.retention().minFreeDisk()).isEqualTo(DataSize.parse("10GiB"));
    }
}
