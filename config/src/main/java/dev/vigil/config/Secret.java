package dev.vigil.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a camera password comes from. In YAML:
 * <pre>
 * password: hunter2                      # inline
 * password: {file: /etc/vigil/front.pw}  # the file's content, one trailing newline dropped
 * password: {env: VIGIL_FRONT_PW}        # an environment variable
 * </pre>
 * The value is only read by {@link #resolve(SecretLookup)}, when the daemon connects, and no
 * {@code toString()} ever shows it: configs get logged.
 */
public sealed interface Secret permits Secret.Inline, Secret.FromFile, Secret.FromEnv {

    /** The mask used wherever a secret would otherwise be printed. */
    String MASK = "***";

    /** The password itself. */
    String resolve(SecretLookup lookup);

    /** Same, with the real environment and file system. */
    default String resolve() {
        return resolve(SecretLookup.system());
    }

    /** Written in the config file itself. */
    record Inline(String value) implements Secret {
        public Inline {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String resolve(SecretLookup lookup) {
            return value;
        }

        @Override
        public String toString() {
            return "Inline[" + MASK + "]";
        }
    }

    /** Read from a file (e.g. a systemd credential or a 0600 file next to the config). */
    record FromFile(Path path) implements Secret {
        public FromFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String resolve(SecretLookup lookup) {
            String content;
            try {
                content = lookup.readFile(path);
            } catch (IOException e) {
                throw new ConfigException("password file " + path + " cannot be read ("
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                        + "); create it, or make it readable by the vigil user", e);
            }
            // `echo pw > file` adds a newline the camera would reject; drop exactly one.
            if (content.endsWith("\r\n")) {
                return content.substring(0, content.length() - 2);
            } else if (content.endsWith("\n")) {
                return content.substring(0, content.length() - 1);
            }
            return content;
        }
    }

    /** Read from an environment variable (e.g. set by an EnvironmentFile= in the unit). */
    record FromEnv(String variable) implements Secret {
        public FromEnv {
            Objects.requireNonNull(variable, "variable");
        }

        @Override
        public String resolve(SecretLookup lookup) {
            return lookup.env(variable).orElseThrow(() -> new ConfigException(
                    "environment variable " + variable + " is not set; set it for the vigil"
                            + " service (e.g. Environment= or EnvironmentFile= in the unit)", null));
        }
    }
}
