package dev.vigil.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything wrong with a config, one problem per line of the message.
 *
 * <p>Unchecked on purpose: a bad config is fatal at startup and {@code check-config} only needs
 * to print {@link #getMessage()}; callers that want the pieces use {@link #problems()}.
 */
public final class ConfigException extends RuntimeException {

    private final List<Problem> problems;

    ConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    ConfigException(Problem problem) {
        this(List.of(problem));
    }

    /** For problems found after loading (a password file that cannot be read), which have no line. */
    ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of();
    }

    /** The located problems, in file order; empty for a secret that could not be resolved. */
    public List<Problem> problems() {
        return problems;
    }
}
