package dev.vigil.daemon;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.rtsp.sim.Clip;
import dev.vigil.rtsp.sim.SimulatedCamera;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil demo}: records a simulated camera (the bundled clip, served over a real RTSP socket on
 * 127.0.0.1) with no config at all, into a directory of its own, with the HTTP port on 127.0.0.1.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Record a built-in simulated camera, no config needed (Ctrl-C to stop).")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--storage", defaultValue = "vigil-demo", description = "Where to record (default: ${DEFAULT-VALUE} in the current directory).")
    Path storage;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--cameras", defaultValue = "1", description = "How many simulated cameras (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--segment-duration", defaultValue = "60s", description = "Segment length (default: ${DEFAULT-VALUE}).")
    String segmentDuration;

    @Override
    public Integer call() throws Exception {
        try (SimulatedCamera camera = SimulatedCamera.start(Clip.demo(), 0)) {
            return RunCommand.serve(config(camera));
        }
    }

    VigilConfig config(SimulatedCamera camera) {
        StringBuilder yaml = new StringBuilder()
                .append("storageRoot: ").append(storage.toAbsolutePath()).append('\n')
                .append("httpBind: 127.0.0.1:").append(httpPort).append('\n')
                .append("segmentDuration: ").append(segmentDuration).append('\n')
                .append("retention: {maxAge: 1d}\n")
                .append("cameras:\n");
        for (int i = 1; i <= cameras; i++) {
            yaml.append("  - {name: demo-").append(i).append(", url: \"").append(camera.url("demo-" + i)).append("\"}\n");
        }
        return ConfigLoader.load(yaml.toString(), "vigil demo");
    }
}
