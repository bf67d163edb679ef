package dev.vigil.rtsp.session;

import java.util.Objects;

/**
 * A camera user and password. {@link #toString()} never shows the password: records print every
 * component by default, and these end up in logs and exception messages.
 *
 * @param user     not null, may be empty
 * @param password not null, may be empty
 */
public record Credentials(String user, String password) {

    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=***]";
    }
}
