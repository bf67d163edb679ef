package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as users run it: {@code java -jar target/vigil.jar ...} in a child process. */
class Rf1CliIT {
    private static final Path JAR = Path.of("target", "vigil.jar");

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    private Run vigil(String... args) throws Exception {
        assertThat(JAR).as("the shaded jar (built in the package phase)").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = tmp.resolve("stdout");
        Path err = tmp.resolve("stderr");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // Only a guard against a hung child, not a timing assertion.
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("vigil " + String.join(" ", args) + " did not exit");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void helpListsRf1() throws Exception {
        Run r = vigil("--help");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Usage: vigil", "rf1");
    }

    @Test
    void dumpPrintsExpectedTxt() throws Exception {
        Path index = CliVectors.expand("h264-sliced-clean", tmp);
        Run r = vigil("rf1", "dump", index.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(CliVectors.expected("h264-sliced-clean"));
    }
}
