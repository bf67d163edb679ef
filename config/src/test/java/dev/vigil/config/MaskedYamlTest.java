package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MaskedYamlTest {

    private static VigilConfig load(String yaml) {
        return ConfigLoader.load(yaml, "vigil.yaml");
    }

    @Test
    void theDefaultsAreSpelledOut() {
        assertThat(VigilConfig.defaults().toMaskedYaml()).isEqualTo("""
                storageRoot: /var/lib/vigil
                catalog: jdbc:sqlite:/var/lib/vigil/catalog.db
                httpBind: 127.0.0.1:8080
                flushInterval: 1s
                segmentDuration: 1000s
                retention:
                  maxAge: null
                  maxBytesPerCamera: null
                  maxBytesTotal: null
                  minFreeDisk: 1GiB
                cameras: []
                """);
    }

    @Test
    void noPasswordEverAppears() {
        VigilConfig config = load("""
                catalog: jdbc:postgresql://vigil:catalogpw@db/vigil?password=catalogpw2
                cameras:
                  - {name: a, url: "rtsp://admin:urlpw%21@cam-a/live"}
                  - {name: b, url: "rtsp://cam-b/live", user: admin, password: inlinepw}
                  - {name: c, url: "rtsp://cam-c/live?user=admin&pwd=querypw"}
                """);
        String yaml = config.toMaskedYaml();
        assertThat(yaml).doesNotContain("catalogpw", "urlpw", "inlinepw", "querypw")
                .contains("catalog: jdbc:postgresql://vigil:***@db/vigil?password=***")
                .contains("url: rtsp://cam-c/live?user=admin&pwd=***");
        // the '***' must stay a string: unquoted, YAML would read '*' as an alias
        VigilConfig reloaded = load(yaml);
        assertThat(reloaded.cameras().get(0).password()).contains(new Secret.Inline("***"));
        assertThat(reloaded.cameras().get(1).password()).contains(new Secret.Inline("***"));
        assertThat(reloaded.cameras().get(0).user()).contains("admin");
        assertThat(config.toString()).doesNotContain("catalogpw", "urlpw", "inlinepw", "querypw");
    }

    @Test
    void secretsByFileOrEnvRenderAsWrittenAndLoadBackEqual() {
        VigilConfig config = load("""
                storageRoot: /srv/nvr
                catalog: index.db
                httpBind: "[::1]:8443"
                flushInterval: 1500ms
                segmentDuration: 3s
                retention: {maxAge: 36h, maxBytesPerCamera: 1.5TB, maxBytesTotal: 3TiB, minFreeDisk: 0B}
                cameras:
                  - name: a
                    url: rtsps://cam-a:322/live?profile=1
                    user: admin
                    password: {file: /etc/vigil/a.pw}
                    transport: udp
                    audio: yes
                    stallTimeout: 90s
                  - {name: b, url: "rtsp://cam-b", user: admin, password: {env: VIGIL_B_PW}, enabled: false}
                  - {name: c, url: "rtsp://viewer@cam-c/"}
                """);
        String yaml = config.toMaskedYaml();
        assertThat(yaml).contains("""
                  - name: a
                    url: rtsps://cam-a:322/live?profile=1
                    user: admin
                    password:
                      file: /etc/vigil/a.pw
                    transport: udp
                    audio: true
                    enabled: true
                    stallTimeout: 90s
                """);
        assertThat(load(yaml)).isEqualTo(config);
    }

    @Test
    void theExampleRoundTrips() throws Exception {
        VigilConfig example = ConfigLoader.load(Path.of(getClass().getResource("/vigil.yaml").toURI()));
        assertThat(load(example.toMaskedYaml())).isEqualTo(example);
    }
}
