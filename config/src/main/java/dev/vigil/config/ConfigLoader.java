package dev.vigil.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads, validates and freezes the config file. Strict by design: an unknown key, a duplicate
 * key, a value of the wrong form or a second YAML document is an error, because a typo that
 * silently falls back to a default (no retention, the wrong camera) is found only when footage
 * is missing. Every problem found is reported, one per line, as
 * {@code file:line:column: key.path: what is wrong; what is expected}.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    /**
     * Loads a config file; the source name in messages is the path as given.
     *
     * @throws ConfigException if the file cannot be read or anything in it is wrong
     */
    public static VigilConfig load(Path file) {
        String source = file.toString();
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw fileProblem(source, "file not found; create it (start from the example vigil.yaml)"
                    + " or pass the path of an existing config");
        } catch (AccessDeniedException e) {
            throw fileProblem(source, "permission denied; make the file readable by the vigil user");
        } catch (CharacterCodingException e) {
            throw fileProblem(source, "is not UTF-8 text; save the config as UTF-8");
        } catch (IOException e) {
            String why = Files.isDirectory(file) ? "is a directory; pass the config file inside it"
                    : "cannot be read (" + e + ")";
            throw fileProblem(source, why);
        }
        return load(yaml, source);
    }

    /**
     * Loads a config from text.
     *
     * @param sourceName how messages name the text, e.g. {@code vigil.yaml}
     * @throws ConfigException listing every problem found
     */
    public static VigilConfig load(String yaml, String sourceName) {
        List<Problem> problems = new ArrayList<>();
        YamlTree.Node root = YamlTree.parse(yaml, sourceName, problems);
        VigilConfig config = null;
        if (problems.isEmpty() || root != null) {
            config = new Binder(sourceName, problems).bind(root);
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
            throw new ConfigException(problems);
        }
        return config;
    }

    private static ConfigException fileProblem(String source, String message) {
        return new ConfigException(new Problem(source, 0, 0, "", message));
    }
}
