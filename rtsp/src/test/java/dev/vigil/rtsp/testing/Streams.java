package dev.vigil.rtsp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The elementary-stream fixtures under {@code src/test/resources/streams}. */
public final class Streams {
    private Streams() {}

    public static byte[] read(String name) {
        try (InputStream in = Streams.class.getResourceAsStream("/streams/" + name)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
