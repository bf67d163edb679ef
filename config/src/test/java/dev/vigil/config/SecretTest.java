package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {

    /** An environment that is only what the test says, on the real file system. */
    static SecretLookup env(Map<String, String> variables) {
        return new SecretLookup() {
            @Override
            public Optional<String> env(String name) {
                return Optional.ofNullable(variables.get(name));
            }

            @Override
            public String readFile(Path path) throws IOException {
                return SecretLookup.system().readFile(path);
            }
        };
    }

    @Test
    void inlineIsItsValueButNeverPrintsIt() {
        Secret secret = new Secret.Inline("hunter2");
        assertThat(secret.resolve(env(Map.of()))).isEqualTo("hunter2");
        assertThat(secret.toString()).doesNotContain("hunter2").isEqualTo("Inline[***]");
    }

    @Test
    void fileContentDropsOneTrailingNewline(@TempDir Path dir) throws IOException {
        Path lf = Files.writeString(dir.resolve("lf"), "hunter2\n");
        Path crlf = Files.writeString(dir.resolve("crlf"), "hunter2\r\n");
        Path two = Files.writeString(dir.resolve("two"), "hunter2\n\n");
        Path none = Files.writeString(dir.resolve("none"), " hunter2 ");
        assertThat(new Secret.FromFile(lf).resolve(env(Map.of()))).isEqualTo("hunter2");
        assertThat(new Secret.FromFile(crlf).resolve(env(Map.of()))).isEqualTo("hunter2");
        assertThat(new Secret.FromFile(two).resolve(env(Map.of()))).isEqualTo("hunter2\n");
        // spaces may be part of a password: only the newline an editor or echo adds goes
        assertThat(new Secret.FromFile(none).resolve(env(Map.of()))).isEqualTo(" hunter2 ");
    }

    @Test
    void aMissingFileSaysWhichAndWhatToDo(@TempDir Path dir) {
        Path missing = dir.resolve("front.pw");
        assertThatThrownBy(() -> new Secret.FromFile(missing).resolve(env(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasCauseInstanceOf(NoSuchFileException.class)
                .hasMessage("password file " + missing + " cannot be read (NoSuchFileException: "
                        + missing + "); create it, or make it readable by the vigil user");
    }

    @Test
    void envComesFromTheInjectedLookup() {
        Secret secret = new Secret.FromEnv("VIGIL_TEST_PW");
        assertThat(secret.resolve(env(Map.of("VIGIL_TEST_PW", "hunter2")))).isEqualTo("hunter2");
        assertThat(secret.toString()).isEqualTo("FromEnv[variable=VIGIL_TEST_PW]");
    }

    @Test
    void anUnsetVariableSaysWhichAndWhatToDo() {
        assertThatThrownBy(() -> new Secret.FromEnv("VIGIL_TEST_PW").resolve(env(Map.of("OTHER", "x"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("environment variable VIGIL_TEST_PW is not set; set it for the vigil service"
                        + " (e.g. Environment= or EnvironmentFile= in the unit)");
    }
}
