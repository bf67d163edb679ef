package dev.vigil.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One camera.
 *
 * @param name         unique, safe as a directory name ({@code [A-Za-z0-9_-]{1,64}})
 * @param url          {@code rtsp://} or {@code rtsps://}, never with credentials in it: the loader
 *                     moves {@code user:password@} from the URL into {@code user}/{@code password}
 * @param user         the RTSP user, if the camera needs one
 * @param password     where the password comes from; only with a user
 * @param transport    how RTP travels; default TCP
 * @param audio        record the audio track too; default off (audio recording is regulated more
 *                     strictly than video in many places, so it is opt-in)
 * @param enabled      false keeps the camera in the file without recording it; default on
 * @param stallTimeout reconnect when no whole frame arrived for this long (packets that cannot make a
 *     recordable frame, as on a very lossy link, do not count: a new session brings a key frame); default 10 s
 */
public record CameraConfig(String name, URI url, Optional<String> user, Optional<Secret> password,
        Transport transport, boolean audio, boolean enabled, Duration stallTimeout) {

    public static final Transport DEFAULT_TRANSPORT = Transport.TCP;
    public static final boolean DEFAULT_AUDIO = false;
    public static final boolean DEFAULT_ENABLED = true;
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(10);

    public CameraConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Rules.check("name", Rules.cameraName(name));
        Rules.check("url", RtspUrl.check(url));
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("url: must not carry credentials; use user and password");
        }
        if (password.isPresent() && user.isEmpty()) {
            throw new IllegalArgumentException("password: a password needs a user");
        }
        Rules.check("stallTimeout", Rules.positive(stallTimeout));
    }

    /** A camera with every default and no credentials. */
    public static CameraConfig of(String name, URI url) {
        return new CameraConfig(name, url, Optional.empty(), Optional.empty(), DEFAULT_TRANSPORT,
                DEFAULT_AUDIO, DEFAULT_ENABLED, DEFAULT_STALL_TIMEOUT);
    }

    /**
     * The password to send, read now (from the file or environment if it comes from there).
     *
     * @throws ConfigException naming this camera, if the file cannot be read or the variable is unset
     */
    public Optional<String> resolvePassword(SecretLookup lookup) {
        try {
            return password.map(secret -> secret.resolve(lookup));
        } catch (ConfigException e) {
            throw new ConfigException("camera " + name + ": " + e.getMessage(), e);
        }
    }

    /** The URL for logs; it never holds credentials, masking is belt and braces for query ones. */
    @Override
    public String toString() {
        return "CameraConfig[name=" + name + ", url=" + Redactor.maskUrl(url.toString())
                + ", user=" + user.orElse("") + ", password=" + password.map(Object::toString).orElse("")
                + ", transport=" + transport + ", audio=" + audio + ", enabled=" + enabled
                + ", stallTimeout=" + stallTimeout + "]";
    }
}
