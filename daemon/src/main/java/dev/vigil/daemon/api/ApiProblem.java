package dev.vigil.daemon.api;

/** A request the API refuses: its status and a message for the client (no paths, no secrets). */
final class ApiProblem extends RuntimeException {
    private final int status;

    ApiProblem(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
