package dev.vigil.rtsp.session;

import java.time.Duration;
import java.util.Objects;

/**
 * One camera's session settings.
 *
 * @param url the camera's RTSP URL; credentials in it are used unless {@code credentials} is given
 * @param credentials user and password, or null to use the URL's (or none)
 * @param transport TCP-interleaved, UDP, or auto
 * @param audio whether to set up an audio track when the camera has a supported one
 * @param stallTimeout reconnect when no media arrived for this long
 * @param connectTimeout give up a connection attempt (TCP connect, or an unanswered request) after this long
 * @param backoffMin the first reconnect delay; it doubles per failed attempt
 * @param backoffMax the longest reconnect delay
 */
public record RtspClientConfig(String url, Credentials credentials, TransportMode transport, boolean audio, Duration stallTimeout,
                               Duration connectTimeout, Duration backoffMin, Duration backoffMax) {
    public RtspClientConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(transport, "transport");
        if (stallTimeout.isNegative() || stallTimeout.isZero()) throw new IllegalArgumentException("stallTimeout must be positive: " + stallTimeout);
        if (backoffMin.compareTo(backoffMax) > 0) throw new IllegalArgumentException("backoffMin " + backoffMin + " > backoffMax " + backoffMax);
    }

    /** TCP, video only, 10 s stall timeout, 10 s connect timeout, backoff 1 s up to 30 s. */
    public static RtspClientConfig of(String url) {
        return new RtspClientConfig(url, null, TransportMode.TCP, false, Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    public RtspClientConfig withCredentials(Credentials c) {
        return new RtspClientConfig(url, c, transport, audio, stallTimeout, connectTimeout, backoffMin, backoffMax);
    }

    public RtspClientConfig withTransport(TransportMode t) {
        return new RtspClientConfig(url, credentials, t, audio, stallTimeout, connectTimeout, backoffMin, backoffMax);
    }

    public RtspClientConfig withAudio(boolean a) {
        return new RtspClientConfig(url, credentials, transport, a, stallTimeout, connectTimeout, backoffMin, backoffMax);
    }

    public RtspClientConfig withTimeouts(Duration stall, Duration connect, Duration min, Duration max) {
        return new RtspClientConfig(url, credentials, transport, audio, stall, connect, min, max);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "RtspClientConfig[url=" + RtspUrl.parse(url).redacted() + ", transport=" + transport + ", audio=" + audio + "]";
    }
}
