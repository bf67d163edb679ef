package dev.vigil.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@link Secret#resolve(SecretLookup)} gets environment variables and files from.
 * Injectable so tests do not depend on (or leak into) the real environment.
 */
public interface SecretLookup {

    /** The variable's value, empty if it is not set. */
    Optional<String> env(String name);

    /** The whole file as UTF-8. */
    String readFile(Path path) throws IOException;

    /** The process environment and the real file system. */
    static SecretLookup system() {
        return new SecretLookup() {
            @Override
            public Optional<String> env(String name) {
                return Optional.ofNullable(System.getenv(name));
            }

            @Override
            public String readFile(Path path) throws IOException {
                return Files.readString(path, StandardCharsets.UTF_8);
            }
        };
    }
}
