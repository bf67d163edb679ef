package dev.vigil.daemon.ops;

/**
 * Answers the requests under one path prefix. Runs on the HTTP server's handler threads, not its
 * I/O thread, so it may block briefly (a catalog query); an exception becomes a 500 whose details
 * go to the log only.
 */
@FunctionalInterface
public interface Route {
    Response handle(Request request) throws Exception;
}
