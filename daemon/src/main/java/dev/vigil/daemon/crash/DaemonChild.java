package dev.vigil.daemon.crash;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code vigil run} as a child process: the daemon under test, which a crash loop kills with
 * SIGKILL, so it must not share a JVM (or a file lock, or a page of memory) with the driver.
 */
final class DaemonChild implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int httpPort;
    private final LongSupplier nanoTime;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private DaemonChild(Process process, Path log, int httpPort, LongSupplier nanoTime) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.nanoTime = nanoTime;
    }

    /**
     * Starts {@code java -jar jar run --config config}, its output appended to {@code log}, with the
     * Vector API module where the runtime has it, as the launcher starts the daemon.
     */
    static DaemonChild start(Path jar, Path config, Path log, int httpPort, LongSupplier nanoTime) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        if (ModuleFinder.ofSystem().find("jdk.incubator.vector").isPresent()) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of("-jar", jar.toString(), "run", "--config", config.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new DaemonChild(p, log, httpPort, nanoTime);
    }

    /**
     * Waits until the log, from {@code fromByte} on, holds a line containing {@code text}; returns
     * that line. Fails when the process exits or {@code timeout} passes first (a hang guard).
     */
    String awaitLogLine(long fromByte, String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        while (nanoTime.getAsLong() < deadline) {
            String tail = tail(fromByte);
            for (String line : tail.split("\n")) {
                if (line.contains(text)) return line;
            }
            if (!process.isAlive()) throw new IllegalStateException("vigil exited with " + process.exitValue() + " before logging '" + text + "'; see " + log);
            Thread.sleep(50);
        }
        throw new IllegalStateException("vigil did not log '" + text + "' within " + timeout.toSeconds() + " s; see " + log);
    }

    /** Waits until /healthz answers 200: every enabled camera has written a frame lately. */
    void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/healthz")).timeout(Duration.ofSeconds(2)).build();
        while (nanoTime.getAsLong() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("vigil exited with " + process.exitValue() + "; see " + log);
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("not every camera was recording within " + timeout.toSeconds() + " s of the start; see " + log);
    }

    /** SIGKILL, as the kernel's OOM killer or a power cut would end it: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM; true when it exited 0 within {@code timeout}. */
    boolean terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }

    long logSize() throws IOException {
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** The log from {@code fromByte} on: only what this start wrote, not the whole (growing) file at every poll. */
    private String tail(long fromByte) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(log)) {
            long from = Math.min(ch.size(), fromByte);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) (ch.size() - from));
            while (b.hasRemaining()) {
                if (ch.read(b, from + b.position()) < 0) break;
            }
            return new String(b.array(), 0, b.position(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
