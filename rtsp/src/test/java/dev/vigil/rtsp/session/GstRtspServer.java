package dev.vigil.rtsp.session;

import dev.vigil.rtsp.sim.ExternalTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * GStreamer's gst-rtsp-server (Debian's gir1.2-gst-rtsp-server-1.0), driven by
 * {@code gst/rtsp-server.py} through the system Python, as an independent RTSP peer. It stops
 * when this closes (or when the test JVM dies: it exits when its stdin closes).
 */
public final class GstRtspServer implements AutoCloseable {
    private final Process process;
    public final int port;

    private GstRtspServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static GstRtspServer start(String... args) throws IOException {
        ExternalTools.require("gst-inspect-1.0", "gstreamer1.0-tools");
        String python = "/usr/bin/python3";
        // Copied out: from another module's tests the script is inside a jar.
        Path script = java.nio.file.Files.createTempFile("vigil-rtsp-server", ".py");
        script.toFile().deleteOnExit();
        try (java.io.InputStream in = GstRtspServer.class.getResourceAsStream("/gst/rtsp-server.py")) {
            java.nio.file.Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of(python, script.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("READY ")) {
            p.destroyForcibly();
            throw new IOException("gst-rtsp-server did not start (install python3-gi gir1.2-gst-rtsp-server-1.0 "
                    + "gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly): " + line);
        }
        return new GstRtspServer(p, Integer.parseInt(line.substring(6).trim()));
    }

    public String url(String mount) {
        return "rtsp://127.0.0.1:" + port + "/" + mount;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
