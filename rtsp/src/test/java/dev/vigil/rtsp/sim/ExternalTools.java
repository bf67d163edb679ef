package dev.vigil.rtsp.sim;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real peers from Debian's packages. CI installs them (.ci/run), so there a missing one fails the
 * test; on a developer's machine without them the test is skipped and says what to install.
 */
public final class ExternalTools {
    private ExternalTools() {}

    public static String require(String command, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) return Path.of(dir, command).toString();
        }
        String message = command + " is not installed (apt-get install " + debianPackage + ")";
        if (System.getenv("CI") != null) throw new AssertionError(message + "; CI must install it");
        assumeTrue(false, message);
        return null;
    }
}
