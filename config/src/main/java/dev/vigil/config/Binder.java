package dev.vigil.config;

import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.config.YamlTree.Entry;
import dev.vigil.config.YamlTree.ListNode;
import dev.vigil.config.YamlTree.MapNode;
import dev.vigil.config.YamlTree.Node;
import dev.vigil.config.YamlTree.Pos;
import dev.vigil.config.YamlTree.ScalarNode;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Binds the located YAML tree to the records, collecting every problem with its line and column
 * instead of stopping at the first. A record is only built when nothing inside it was wrong, so
 * the records' own checks never see a half-read value.
 */
final class Binder {

    private static final List<String> ROOT_KEYS = List.of("storageRoot", "catalog", "httpBind",
            "flushInterval", "segmentDuration", "retention", "cameras");
    private static final List<String> RETENTION_KEYS =
            List.of("maxAge", "maxBytesPerCamera", "maxBytesTotal", "minFreeDisk");
    private static final List<String> CAMERA_KEYS = List.of("name", "url", "user", "password",
            "transport", "audio", "enabled", "stallTimeout");
    private static final List<String> SECRET_KEYS = List.of("file", "env");

    private final String source;
    private final List<Problem> problems;

    Binder(String source, List<Problem> problems) {
        this.source = source;
        this.problems = problems;
    }

    /** Null if anything was wrong (see the problems). */
    VigilConfig bind(Node root) {
        MapNode map = root == null ? new MapNode(new Pos(1, 1), Map.of())
                : asMap(root, "", "a mapping of settings such as storageRoot: and cameras:");
        if (map == null) {
            return null;
        }
        int before = problems.size();
        Keys keys = new Keys(map, "", ROOT_KEYS);
        Path storageRoot = keys.value("storageRoot", VigilConfig.DEFAULT_STORAGE_ROOT,
                "an absolute directory path such as /var/lib/vigil", Binder::absolutePath);
        String catalog = keys.value("catalog", null,
                "a JDBC URL such as jdbc:sqlite:/var/lib/vigil/catalog.db, or a file path", Binder::catalog);
        HttpBind httpBind = keys.value("httpBind", HttpBind.DEFAULT, HttpBind.EXPECTED, HttpBind::parse);
        Duration flush = keys.value("flushInterval", VigilConfig.DEFAULT_FLUSH_INTERVAL,
                Durations.EXPECTED, s -> checked(Durations.parse(s), Rules::positive));
        Duration segment = keys.value("segmentDuration", VigilConfig.DEFAULT_SEGMENT_DURATION,
                Durations.EXPECTED, s -> checked(Durations.parse(s), Rules::segmentDuration));
        RetentionConfig retention = keys.node("retention")
                .map(e -> retention(e.value(), path("", "retention")))
                .orElse(RetentionConfig.DEFAULT);
        List<CameraConfig> cameras = keys.node("cameras")
                .map(e -> cameras(e.value(), path("", "cameras")))
                .orElse(List.of());
        keys.rejectUnknown();
        if (problems.size() != before) {
            return null;
        }
        String catalogUrl = catalog == null ? VigilConfig.defaultCatalogUrl(storageRoot)
                : catalog.startsWith("jdbc:") ? catalog
                : "jdbc:sqlite:" + storageRoot.resolve(catalog); // a relative file lives under the root
        return build(map.pos(), "", () -> new VigilConfig(storageRoot, catalogUrl, httpBind, flush, segment,
                retention, cameras));
    }

    private RetentionConfig retention(Node node, String path) {
        MapNode map = asMap(node, path, "a mapping with " + String.join(", ", RETENTION_KEYS));
        if (map == null) {
            return null;
        }
        int before = problems.size();
        Keys keys = new Keys(map, path, RETENTION_KEYS);
        Duration maxAge = keys.value("maxAge", null, Durations.EXPECTED,
                s -> checked(Durations.parse(s), Rules::positive));
        DataSize perCamera = keys.value("maxBytesPerCamera", null, DataSize.EXPECTED, DataSize::parse);
        DataSize total = keys.value("maxBytesTotal", null, DataSize.EXPECTED, DataSize::parse);
        DataSize minFree = keys.value("minFreeDisk", RetentionConfig.DEFAULT_MIN_FREE_DISK,
                DataSize.EXPECTED, DataSize::parse);
        keys.rejectUnknown();
        if (problems.size() != before) {
            return null;
        }
        return build(map.pos(), path, () -> new RetentionConfig(Optional.ofNullable(maxAge),
                Optional.ofNullable(perCamera), Optional.ofNullable(total), minFree));
    }

    private List<CameraConfig> cameras(Node node, String path) {
        if (node instanceof ScalarNode s && s.isNull()) {
            return List.of(); // "cameras:" with nothing under it
        }
        if (!(node instanceof ListNode list)) {
            problem(node.pos(), path, "expected a list of cameras, each item starting with '- name:'");
            return null;
        }
        List<CameraConfig> cameras = new ArrayList<>();
        Map<String, String> firstUse = new HashMap<>(); // lower-case name -> "cameras[i] (line n)"
        for (int i = 0; i < list.items().size(); i++) {
            String itemPath = path + "[" + i + "]";
            CameraConfig camera = camera(list.items().get(i), itemPath, firstUse);
            if (camera != null) {
                cameras.add(camera);
            }
        }
        return cameras;
    }

    private CameraConfig camera(Node node, String path, Map<String, String> firstUse) {
        MapNode map = asMap(node, path, "a camera: a mapping with at least name: and url:");
        if (map == null) {
            return null;
        }
        int before = problems.size();
        Keys keys = new Keys(map, path, CAMERA_KEYS);
        String name = keys.required("name", "a camera name (" + Rules.NAME_RULE + ")",
                s -> checked(s, Rules::cameraName));
        if (name != null) {
            String previous = firstUse.putIfAbsent(name.toLowerCase(Locale.ROOT),
                    path + " (line " + keys.entry("name").value().pos().line() + ")");
            if (previous != null) {
                problem(keys.entry("name").value().pos(), path + ".name", "'" + name
                        + "' is already the name of " + previous
                        + "; camera names must be unique, ignoring case");
            }
        }
        RtspUrl url = keys.required("url", RtspUrl.EXPECTED, RtspUrl::parse);
        String user = keys.value("user", null, "a user name", Binder::nonBlank);
        Secret password = keys.node("password").map(e -> secret(e.value(), path + ".password"))
                .orElse(null);
        Transport transport = keys.value("transport", CameraConfig.DEFAULT_TRANSPORT,
                Transport.EXPECTED, Transport::parse);
        Boolean audio = keys.bool("audio", CameraConfig.DEFAULT_AUDIO);
        Boolean enabled = keys.bool("enabled", CameraConfig.DEFAULT_ENABLED);
        Duration stall = keys.value("stallTimeout", CameraConfig.DEFAULT_STALL_TIMEOUT,
                Durations.EXPECTED, s -> checked(Durations.parse(s), Rules::positive));
        keys.rejectUnknown();

        if (url != null && url.user() != null && (keys.has("user") || keys.has("password"))) {
            problem(keys.entry("url").value().pos(), path + ".url", "has credentials and "
                    + path + (keys.has("user") ? ".user" : ".password") + " is also set; keep one:"
                    + " either user:password@ in the URL or the user and password keys");
        } else if (url != null && url.user() != null && url.user().isEmpty()) {
            problem(keys.entry("url").value().pos(), path + ".url",
                    "has a password but no user before the ':'; add the user");
        } else if (keys.has("password") && !keys.has("user")) {
            problem(keys.entry("password").keyPos(), path + ".password",
                    "a password needs a user; add " + path + ".user");
        }
        if (problems.size() != before) {
            return null;
        }
        Optional<String> effectiveUser = Optional.ofNullable(url.user() != null ? url.user() : user);
        Optional<Secret> effectivePassword = url.password() != null
                ? Optional.of(new Secret.Inline(url.password())) : Optional.ofNullable(password);
        URI cleanUrl = url.url();
        return build(map.pos(), path, () -> new CameraConfig(name, cleanUrl, effectiveUser,
                effectivePassword, transport, audio, enabled, stall));
    }

    /** {@code password: text}, {@code password: {file: /path}} or {@code password: {env: NAME}}. */
    private Secret secret(Node node, String path) {
        if (node instanceof ScalarNode s) {
            if (s.alias()) {
                return null;
            }
            if (s.text().isEmpty()) {
                problem(s.pos(), path, "is empty; remove the key if the camera needs no password");
                return null;
            }
            return new Secret.Inline(s.text());
        }
        if (!(node instanceof MapNode map)) {
            problem(node.pos(), path, "expected the password, {file: /path/to/file} or {env: VARIABLE}");
            return null;
        }
        Keys keys = new Keys(map, path, SECRET_KEYS);
        Path file = keys.value("file", null, "an absolute path to a file holding the password",
                Binder::absolutePath);
        String env = keys.value("env", null, "an environment variable name",
                s -> checked(s, Rules::envName));
        keys.rejectUnknown();
        if (keys.has("file") == keys.has("env")) {
            problem(map.pos(), path, "expected exactly one of file: or env:, e.g. {file: /etc/vigil/cam.pw}"
                    + " or {env: VIGIL_CAM_PW}");
            return null;
        }
        return file != null ? new Secret.FromFile(file) : env != null ? new Secret.FromEnv(env) : null;
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The keys of one mapping: typed reads that record problems, then the leftovers are unknown. */
    private final class Keys {
        private final MapNode map;
        private final String path;
        private final List<String> known;

        Keys(MapNode map, String path, List<String> known) {
            this.map = map;
            this.path = path;
            this.known = known;
        }

        Entry entry(String key) {
            return map.entries().get(key);
        }

        /** Set to something other than null ({@code key:} with no value counts as absent). */
        boolean has(String key) {
            Entry e = entry(key);
            return e != null && !(e.value() instanceof ScalarNode s && s.isNull());
        }

        Optional<Entry> node(String key) {
            return has(key) ? Optional.of(entry(key)) : Optional.empty();
        }

        /** The parsed scalar, {@code dflt} if absent, null (and a problem) if bad. */
        <T> T value(String key, T dflt, String expected, Function<String, T> parse) {
            if (!has(key)) {
                return dflt;
            }
            return parse(entry(key).value(), path(path, key), expected, parse);
        }

        <T> T required(String key, String expected, Function<String, T> parse) {
            if (!has(key)) {
                problem(entry(key) != null ? entry(key).keyPos() : map.pos(), path(path, key),
                        "is required; expected " + expected);
                return null;
            }
            return value(key, null, expected, parse);
        }

        Boolean bool(String key, boolean dflt) {
            if (!has(key)) {
                return dflt;
            }
            Node n = entry(key).value();
            if (n instanceof ScalarNode s && s.alias()) {
                return null;
            }
            if (n instanceof ScalarNode s && (s.token() == JsonToken.VALUE_TRUE
                    || s.token() == JsonToken.VALUE_FALSE)) {
                return s.token() == JsonToken.VALUE_TRUE;
            }
            problem(n.pos(), path(path, key), describe(n) + " is not a boolean; expected true or false");
            return null;
        }

        void rejectUnknown() {
            for (Entry e : map.entries().values()) {
                if (e.key().equals("<<")) {
                    problem(e.keyPos(), path(path, e.key()),
                            "YAML merge keys are not supported; write the keys out");
                } else if (!known.contains(e.key())) {
                    problem(e.keyPos(), path(path, e.key()), "unknown key; expected one of "
                            + String.join(", ", known) + suggestion(e.key(), known));
                }
            }
        }
    }

    private <T> T parse(Node node, String path, String expected, Function<String, T> parse) {
        if (!(node instanceof ScalarNode s)) {
            problem(node.pos(), path, "expected " + expected + ", not " + describe(node));
            return null;
        }
        if (s.alias()) {
            return null;
        }
        try {
            return parse.apply(s.text());
        } catch (IllegalArgumentException e) {
            problem(s.pos(), path, e.getMessage());
            return null;
        }
    }

    private MapNode asMap(Node node, String path, String expected) {
        if (node instanceof MapNode m) {
            return m;
        }
        problem(node.pos(), path, "expected " + expected + ", not " + describe(node));
        return null;
    }

    /** Builds a record; its constructor re-checks what we checked, so a failure here is our bug. */
    private <T> T build(Pos pos, String path, java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            problem(pos, path, e.getMessage());
            return null;
        }
    }

    private static <T> T checked(T value, Function<T, String> rule) {
        String message = rule.apply(value);
        if (message != null) {
            throw new IllegalArgumentException(message);
        }
        return value;
    }

    private static Path absolutePath(String text) {
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + text + "' is not a path (" + e.getReason() + ")");
        }
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("'" + text + "' is relative; write an absolute path"
                    + " (the daemon's working directory is not the config's)");
        }
        return p.normalize();
    }

    /** A JDBC URL as is, or a file path (checked here, resolved against the root later). */
    private static String catalog(String text) {
        if (!nonBlank(text).startsWith("jdbc:")) {
            try {
                Path.of(text);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("'" + text + "' is neither a JDBC URL nor a path ("
                        + e.getReason() + ")");
            }
        }
        return text;
    }

    private static String nonBlank(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("is empty; remove the key or give a value");
        }
        return text;
    }

    private static String describe(Node node) {
        if (node instanceof MapNode) {
            return "a mapping";
        } else if (node instanceof ListNode) {
            return "a list";
        }
        return "'" + ((ScalarNode) node).text() + "'";
    }

    private static String path(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    private void problem(Pos pos, String path, String message) {
        problems.add(new Problem(source, pos.line(), pos.column(), path, message));
    }

    /** " (did you mean 'password'?)" for a key one or two typos away from a known one. */
    static String suggestion(String key, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = k.equalsIgnoreCase(key) ? 0 : distance(key.toLowerCase(Locale.ROOT),
                    k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
