package dev.vigil.daemon.bench;

/** A bench that cannot run as asked (bad option, no ffmpeg): one line for the user, exit code 2. */
public final class BenchException extends RuntimeException {
    public BenchException(String message) {
        super(message);
    }
}
