package dev.vigil.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML file as a tree in which every key and value remembers its line and column.
 *
 * <p>Why not Jackson databind straight into the records: databind stops at the first problem and
 * forgets positions once a value is bound, so a semantic error (a duplicate camera name, a bad
 * URL) could not say where it is. We read Jackson's token stream once, keep each token's
 * location, and bind by hand in {@link Binder}, which reports every problem it finds.
 */
final class YamlTree {

    private YamlTree() {}

    /** 1-based position in the file. */
    record Pos(int line, int column) {
        static Pos of(JsonLocation location) {
            return new Pos(location.getLineNr(), location.getColumnNr());
        }
    }

    sealed interface Node permits MapNode, ListNode, ScalarNode {
        Pos pos();
    }

    /** A key with where it was written, so "unknown key" points at the key, not its value. */
    record Entry(String key, Pos keyPos, Node value) {}

    record MapNode(Pos pos, Map<String, Entry> entries) implements Node {}

    record ListNode(Pos pos, List<Node> items) implements Node {}

    /**
     * A scalar as written; {@code token} tells a quoted "true" (string) from a plain true.
     * {@code alias} marks an alias, already reported, that the binder must not report again.
     */
    record ScalarNode(Pos pos, JsonToken token, String text, boolean alias) implements Node {
        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }
    }

    /**
     * {@code key:} with nothing after it must read as null ("not set"), not as an empty string;
     * the builder does not enable that by default, unlike {@code new YAMLFactory()}.
     */
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();

    /**
     * Parses one YAML document. Syntax errors, duplicate keys and a second document are added to
     * {@code problems}; the result is null if the document could not be read at all or is empty.
     */
    static Node parse(String yaml, String source, List<Problem> problems) {
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null; // an empty file: all defaults, no cameras
            }
            Node root = read(parser, source, "", problems);
            JsonToken extra = parser.nextToken();
            if (extra != null) {
                // Jackson's YAML parser reads a "---" second document as more root values.
                problems.add(new Problem(source, parser.currentTokenLocation().getLineNr(),
                        parser.currentTokenLocation().getColumnNr(), "",
                        "unexpected content after the configuration; a config file holds exactly one"
                                + " YAML document, remove the second '---' section"));
            }
            return root;
        } catch (JsonProcessingException e) {
            problems.add(syntaxProblem(e, source));
            return null;
        } catch (IOException e) {
            // Reading from a String cannot fail for I/O reasons; anything here is a parser bug.
            throw new IllegalStateException(e);
        }
    }

    private static Node read(JsonParser p, String source, String path, List<Problem> problems)
            throws IOException {
        Pos pos = Pos.of(p.currentTokenLocation());
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Pos keyPos = Pos.of(p.currentTokenLocation());
                    p.nextToken();
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    Node value = read(p, source, childPath, problems);
                    Entry previous = entries.get(key);
                    if (previous != null) {
                        problems.add(new Problem(source, keyPos.line(), keyPos.column(), childPath,
                                "duplicate key, first set at line " + previous.keyPos().line()
                                        + "; keep only one of them"));
                    } else {
                        entries.put(key, new Entry(key, keyPos, value));
                    }
                }
                return new MapNode(pos, entries);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, source, path + "[" + i++ + "]", problems));
                }
                return new ListNode(pos, items);
            }
            default:
                boolean alias = p instanceof YAMLParser yaml && yaml.isCurrentAlias();
                if (alias) {
                    // Jackson hands an alias over as its anchor's name, which would then be
                    // reported as a bad value; say what it really is.
                    problems.add(new Problem(source, pos.line(), pos.column(), path, "YAML aliases ('*"
                            + p.getText() + "') are not supported; write the value out"));
                }
                return new ScalarNode(pos, token, token == JsonToken.VALUE_NULL ? null : p.getText(), alias);
        }
    }

    /** Turns the YAML library's multi-line report into one line with the position it names. */
    private static Problem syntaxProblem(JsonProcessingException e, String source) {
        JsonLocation loc = e.getLocation();
        String message = e.getOriginalMessage();
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked) {
            message = marked.getProblem();
            if (marked.getContext() != null && marked.getContextMark() != null) {
                message += " (" + marked.getContext() + " started at line "
                        + (marked.getContextMark().getLine() + 1) + ")";
            }
            if (marked.getProblemMark() != null) {
                return new Problem(source, marked.getProblemMark().getLine() + 1,
                        marked.getProblemMark().getColumn() + 1, "",
                        "YAML syntax error: " + oneLine(message) + "; check the indentation and quoting");
            }
        }
        int line = loc == null ? 0 : loc.getLineNr();
        int column = loc == null ? 0 : loc.getColumnNr();
        return new Problem(source, Math.max(line, 0), Math.max(column, 0), "",
                "YAML syntax error: " + oneLine(message));
    }

    private static String oneLine(String s) {
        return s == null ? "unreadable YAML" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
