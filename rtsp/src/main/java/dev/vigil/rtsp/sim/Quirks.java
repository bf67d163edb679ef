package dev.vigil.rtsp.sim;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The fault and quirk switches of a {@link SimulatedCamera}, fixed when it starts.
 *
 * @param on             the quirks in effect
 * @param sessionTimeout the session timeout in seconds the camera announces (unless
 *                       {@link Quirk#NO_SESSION_TIMEOUT}) and enforces: a connection without a
 *                       request for that long is closed, as real cameras do
 * @param digest         the login the camera demands with Digest (MD5) authentication on every
 *                       request but OPTIONS; null for an open camera
 */
public record Quirks(Set<Quirk> on, int sessionTimeout, Login digest) {
    /** Ticks at 90 kHz of the forward jump of {@link Quirk#TIMESTAMP_JUMPS} (10 s). */
    public static final long TIMESTAMP_JUMP = 900_000;
    /** The frame length {@link Quirk#LYING_LENGTH} announces: some 40 times what the camera's frames carry. */
    public static final int LYING_LENGTH = 60_000;
    /** A well-behaved camera with RFC 2326's default 60 s timeout. */
    public static final Quirks NONE = new Quirks(Set.of(), 60, null);

    /** A user and password. {@link #toString()} hides the password. */
    public record Login(String user, String password) {
        public Login {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Login[user=" + user + "]";
        }
    }

    public Quirks {
        on = on.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(on));
        if (sessionTimeout < 1) throw new IllegalArgumentException("session timeout " + sessionTimeout);
    }

    public static Quirks of(Quirk... quirks) {
        return new Quirks(Set.of(quirks), NONE.sessionTimeout, null);
    }

    public Quirks sessionTimeout(int seconds) {
        return new Quirks(on, seconds, digest);
    }

    public Quirks digest(String user, String password) {
        return new Quirks(on, sessionTimeout, new Login(user, password));
    }

    public boolean has(Quirk q) {
        return on.contains(q);
    }
}
