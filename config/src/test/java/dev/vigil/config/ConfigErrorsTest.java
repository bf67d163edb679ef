package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every message is asserted whole, line:column included: they are the user interface. */
class ConfigErrorsTest {

    private static final String CAMERA_KEYS =
            "name, url, user, password, transport, audio, enabled, stallTimeout";
    private static final String ROOT_KEYS =
            "storageRoot, catalog, httpBind, flushInterval, segmentDuration, retention, cameras";

    /** The message lines of the ConfigException the text must raise. */
    private static List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(yaml, "vigil.yaml"));
        assertThat(e).as("expected a ConfigException for:%n%s", yaml).isNotNull();
        assertThat(e.problems()).extracting(Problem::toString)
                .containsExactlyElementsOf(List.of(e.getMessage().split("\n")));
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void unknownKeysPointAtTheKeyAndSuggestTheNearestKnownOne() {
        assertThat(problems("""
                storageroot: /srv
                retention:
                  maxage: 3d
                  keep: forever
                cameras:
                  - name: a
                    url: rtsp://h
                    pasword: x
                """)).containsExactly(
                "vigil.yaml:1:1: storageroot: unknown key; expected one of " + ROOT_KEYS
                        + " (did you mean 'storageRoot'?)",
                "vigil.yaml:3:3: retention.maxage: unknown key; expected one of maxAge,"
                        + " maxBytesPerCamera, maxBytesTotal, minFreeDisk (did you mean 'maxAge'?)",
                "vigil.yaml:4:3: retention.keep: unknown key; expected one of maxAge,"
                        + " maxBytesPerCamera, maxBytesTotal, minFreeDisk",
                "vigil.yaml:8:5: cameras[0].pasword: unknown key; expected one of " + CAMERA_KEYS
                        + " (did you mean 'password'?)");
    }

    @Test
    void badValuesSayWhatWasExpected() {
        assertThat(problems("""
                storageRoot: srv/nvr
                httpBind: localhost
                cameras:
                  - name: a
                    url: rtsp://h
                    transport: quic
                    audio: maybe
                    enabled: "true"
                    stallTimeout: [1s]
                """)).containsExactly(
                "vigil.yaml:1:14: storageRoot: 'srv/nvr' is relative; write an absolute path"
                        + " (the daemon's working directory is not the config's)",
                "vigil.yaml:2:11: httpBind: 'localhost' is not host:port; expected " + HttpBind.EXPECTED,
                "vigil.yaml:6:16: cameras[0].transport: 'quic' is not a transport; expected one of tcp, udp, auto",
                "vigil.yaml:7:12: cameras[0].audio: 'maybe' is not a boolean; expected true or false",
                "vigil.yaml:8:14: cameras[0].enabled: 'true' is not a boolean; expected true or false",
                "vigil.yaml:9:19: cameras[0].stallTimeout: expected " + Durations.EXPECTED + ", not a list");
    }

    @Test
    void aCatalogMustBeAJdbcUrlOrAPath() {
        assertThat(problems("catalog: \"a\\0b\"\ncatalog2: x\n")).containsExactly(
                "vigil.yaml:1:10: catalog: 'a\0b' is neither a JDBC URL nor a path (Nul character not allowed)",
                "vigil.yaml:2:1: catalog2: unknown key; expected one of " + ROOT_KEYS
                        + " (did you mean 'catalog'?)");
        assertThat(problems("catalog: ''\n")).containsExactly(
                "vigil.yaml:1:10: catalog: is empty; remove the key or give a value");
    }

    @Test
    void aPortOutOfRangeIsAnError() {
        assertThat(problems("httpBind: 0.0.0.0:70000\n")).containsExactly(
                "vigil.yaml:1:11: httpBind: '0.0.0.0:70000' has port 70000 out of range; expected "
                        + HttpBind.EXPECTED);
    }

    @Test
    void badDurationsAndSizes() {
        assertThat(problems("""
                flushInterval: 0s
                segmentDuration: 1024s
                retention:
                  maxAge: 30
                  maxBytesPerCamera: 500mb
                  maxBytesTotal: -1TB
                  minFreeDisk: 2.5.1GB
                cameras:
                  - {name: a, url: rtsp://h, stallTimeout: 1.5s}
                """)).containsExactly(
                "vigil.yaml:1:16: flushInterval: must be longer than zero; expected " + Durations.EXPECTED,
                "vigil.yaml:2:18: segmentDuration: '1024s' is too long; a segment lasts at most 1023s",
                "vigil.yaml:4:11: retention.maxAge: '30' has no unit; expected " + Durations.EXPECTED,
                "vigil.yaml:5:22: retention.maxBytesPerCamera: '500mb' has an unknown unit 'mb'; expected "
                        + DataSize.EXPECTED,
                "vigil.yaml:6:18: retention.maxBytesTotal: '-1TB' is negative; expected " + DataSize.EXPECTED,
                "vigil.yaml:7:16: retention.minFreeDisk: '2.5.1GB' is not a size; expected " + DataSize.EXPECTED,
                "vigil.yaml:9:44: cameras[0].stallTimeout: '1.5s' is not a duration; expected "
                        + Durations.EXPECTED);
    }

    @Test
    void badCameraNames() {
        assertThat(problems("""
                cameras:
                  - {name: front door, url: rtsp://a}
                  - {name: .., url: rtsp://b}
                  - {name: ../etc, url: rtsp://c}
                  - {name: x1234567890123456789012345678901234567890123456789012345678901234, url: rtsp://d}
                  - {url: rtsp://e}
                  - {name: "", url: rtsp://f}
                """)).containsExactly(
                "vigil.yaml:2:12: cameras[0].name: 'front door' is not a safe directory name"
                        + " (letters, digits, '-' and '_' only, at most 64)",
                "vigil.yaml:3:12: cameras[1].name: '..' is not a safe directory name"
                        + " (letters, digits, '-' and '_' only, at most 64)",
                "vigil.yaml:4:12: cameras[2].name: '../etc' is not a safe directory name"
                        + " (letters, digits, '-' and '_' only, at most 64)",
                "vigil.yaml:5:12: cameras[3].name: 'x1234567890123456789012345678901234567890123456789012345678901234'"
                        + " is not a safe directory name (letters, digits, '-' and '_' only, at most 64)",
                "vigil.yaml:6:5: cameras[4].name: is required; expected a camera name"
                        + " (letters, digits, '-' and '_' only, at most 64)",
                "vigil.yaml:7:12: cameras[5].name: '' is not a safe directory name"
                        + " (letters, digits, '-' and '_' only, at most 64)");
    }

    @Test
    void duplicateCameraNamesIgnoringCase() {
        assertThat(problems("""
                cameras:
                  - name: porch
                    url: rtsp://a
                  - name: garage
                    url: rtsp://b
                  - name: Porch
                    url: rtsp://c
                """)).containsExactly(
                "vigil.yaml:6:11: cameras[2].name: 'Porch' is already the name of cameras[0] (line 2);"
                        + " camera names must be unique, ignoring case");
    }

    @Test
    void duplicateKeysAtAnyDepth() {
        assertThat(problems("""
                httpBind: 127.0.0.1:8080
                cameras:
                  - name: a
                    url: rtsp://a
                    name: b
                httpBind: 0.0.0.0:8080
                """)).containsExactly(
                "vigil.yaml:5:5: cameras[0].name: duplicate key, first set at line 3; keep only one of them",
                "vigil.yaml:6:1: httpBind: duplicate key, first set at line 1; keep only one of them");
    }

    @Test
    void cameraUrls() {
        assertThat(problems("""
                cameras:
                  - {name: a, url: "http://cam/live"}
                  - {name: b, url: "rtsp:///live"}
                  - {name: c, url: "rtsp://admin:p@ss word@cam/live"}
                  - {name: d}
                """)).containsExactly(
                "vigil.yaml:2:20: cameras[0].url: 'http://cam/live' is not an RTSP URL; expected "
                        + RtspUrl.EXPECTED,
                "vigil.yaml:3:20: cameras[1].url: 'rtsp:///live' has no host; expected " + RtspUrl.EXPECTED
                        + " (percent-encode special characters in the user or password, e.g. @ as %40)",
                "vigil.yaml:4:20: cameras[2].url: 'rtsp://admin:***@cam/live' is not a valid URL"
                        + " (Illegal character in authority); expected " + RtspUrl.EXPECTED
                        + ", with special characters in the password percent-encoded",
                "vigil.yaml:5:5: cameras[3].url: is required; expected " + RtspUrl.EXPECTED);
    }

    @Test
    void credentialsInTheUrlConflictWithUserAndPasswordKeys() {
        assertThat(problems("""
                cameras:
                  - name: a
                    url: rtsp://admin:x@cam
                    user: admin
                  - name: b
                    url: rtsp://admin:x@cam
                    password: {env: B_PW}
                  - name: c
                    url: rtsp://:x@cam
                """)).containsExactly(
                "vigil.yaml:3:10: cameras[0].url: has credentials and cameras[0].user is also set; keep one:"
                        + " either user:password@ in the URL or the user and password keys",
                "vigil.yaml:6:10: cameras[1].url: has credentials and cameras[1].password is also set; keep one:"
                        + " either user:password@ in the URL or the user and password keys",
                "vigil.yaml:9:10: cameras[2].url: has a password but no user before the ':'; add the user");
    }

    @Test
    void passwordProblems() {
        assertThat(problems("""
                cameras:
                  - {name: a, url: rtsp://a, password: x}
                  - {name: b, url: rtsp://b, user: u, password: {file: pw.txt}}
                  - {name: c, url: rtsp://c, user: u, password: {env: 1PW}}
                  - {name: d, url: rtsp://d, user: u, password: {file: /a, env: B}}
                  - {name: e, url: rtsp://e, user: u, password: {vault: x}}
                  - {name: f, url: rtsp://f, user: u, password: ""}
                """)).containsExactly(
                "vigil.yaml:2:30: cameras[0].password: a password needs a user; add cameras[0].user",
                "vigil.yaml:3:56: cameras[1].password.file: 'pw.txt' is relative; write an absolute path"
                        + " (the daemon's working directory is not the config's)",
                "vigil.yaml:4:55: cameras[2].password.env: '1PW' is not an environment variable name"
                        + " (letters, digits and '_', not starting with a digit)",
                "vigil.yaml:5:49: cameras[3].password: expected exactly one of file: or env:,"
                        + " e.g. {file: /etc/vigil/cam.pw} or {env: VIGIL_CAM_PW}",
                "vigil.yaml:6:49: cameras[4].password: expected exactly one of file: or env:,"
                        + " e.g. {file: /etc/vigil/cam.pw} or {env: VIGIL_CAM_PW}",
                "vigil.yaml:6:50: cameras[4].password.vault: unknown key; expected one of file, env",
                "vigil.yaml:7:49: cameras[5].password: is empty; remove the key if the camera needs no password");
    }

    @Test
    void wrongShapes() {
        assertThat(problems("- a\n- b\n")).containsExactly(
                "vigil.yaml:1:1: expected a mapping of settings such as storageRoot: and cameras:, not a list");
        assertThat(problems("retention: 30d\ncameras:\n  porch: rtsp://a\n")).containsExactly(
                "vigil.yaml:1:12: retention: expected a mapping with maxAge, maxBytesPerCamera,"
                        + " maxBytesTotal, minFreeDisk, not '30d'",
                "vigil.yaml:3:3: cameras: expected a list of cameras, each item starting with '- name:'");
    }

    @Test
    void yamlSyntaxErrorsKeepTheParsersPosition() {
        // "url" is indented one column short of "name"
        assertThat(problems("cameras:\n  - name: a\n   url: rtsp://a\n")).containsExactly(
                "vigil.yaml:3:4: YAML syntax error: expected <block end>, but found '<block mapping start>'"
                        + " (while parsing a block collection started at line 2);"
                        + " check the indentation and quoting");
        assertThat(problems("cameras: [a, b\n")).containsExactly(
                "vigil.yaml:2:1: YAML syntax error: expected ',' or ']', but got <stream end>"
                        + " (while parsing a flow sequence started at line 1);"
                        + " check the indentation and quoting");
    }

    @Test
    void aliasesAndMergeKeysAreRejectedForWhatTheyAre() {
        assertThat(problems("""
                cameras:
                  - &porch {name: porch, url: "rtsp://a"}
                  - name: garage
                    url: *porch
                    <<: {audio: true}
                """)).containsExactly(
                "vigil.yaml:4:10: cameras[1].url: YAML aliases ('*porch') are not supported; write the value out",
                "vigil.yaml:5:5: cameras[1].<<: YAML merge keys are not supported; write the keys out");
    }

    @Test
    void aHostWithASpaceIsNoHost() {
        assertThat(problems("httpBind: local host:8080\n")).containsExactly(
                "vigil.yaml:1:11: httpBind: 'local host' is not a host name or address; expected "
                        + HttpBind.EXPECTED);
    }

    @Test
    void trailingContentIsRejected() {
        assertThat(problems("httpBind: 127.0.0.1:8080\n---\nhttpBind: 0.0.0.0:80\n")).containsExactly(
                "vigil.yaml:3:1: unexpected content after the configuration; a config file holds exactly"
                        + " one YAML document, remove the second '---' section");
    }

    @Test
    void everyProblemIsReportedInFileOrder() {
        List<String> all = problems("""
                cameras:
                  - {name: "a b", url: "ftp://x", colour: red}
                flushInterval: never
                bogus: 1
                """);
        assertThat(all).extracting(line -> line.substring(0, line.indexOf(": ")))
                .containsExactly("vigil.yaml:2:12", "vigil.yaml:2:24", "vigil.yaml:2:35",
                        "vigil.yaml:3:16", "vigil.yaml:4:1");
    }

    @Test
    void aMissingFileIsOneClearProblem(@TempDir Path dir) {
        Path missing = dir.resolve("vigil.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": file not found; create it (start from the example vigil.yaml)"
                        + " or pass the path of an existing config");
    }

    @Test
    void aDirectoryOrBinaryFileIsOneClearProblem(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(dir))
                .hasMessage(dir + ": is a directory; pass the config file inside it");
        Path binary = Files.write(dir.resolve("vigil.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertThatThrownBy(() -> ConfigLoader.load(binary))
                .hasMessage(binary + ": is not UTF-8 text; save the config as UTF-8");
    }

    @Test
    void messagesNameTheFileAsGiven(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("nvr.yaml"), "\n\nflushInterval: 1\n",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .hasMessage(file + ":3:16: flushInterval: '1' has no unit; expected " + Durations.EXPECTED);
    }
}
