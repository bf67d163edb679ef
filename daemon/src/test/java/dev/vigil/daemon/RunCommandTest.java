package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aTakenHttpPortIsOneClearLineAndExitCodeOne() throws Exception {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = Files.writeString(tmp.resolve("vigil.yaml"),
                    "storageRoot: " + tmp.resolve("archive") + "\nhttpBind: 127.0.0.1:" + taken.getLocalPort() + "\n");
            System.setErr(new PrintStream(err, true));
            int code = new CommandLine(new Main()).execute("run", "--config", config.toString());
            assertThat(code).isEqualTo(1);
        } finally {
            System.setErr(originalErr);
        }
        String said = err.toString();
        assertThat(said.lines().filter(l -> l.startsWith("vigil: "))).singleElement().asString()
                .contains("cannot listen on 127.0.0.1:").contains("Address already in use");
        assertThat(said).doesNotContain("\tat ");
    }

    @Test
    void aBadConfigIsItsErrorsAndExitCodeTwo() throws Exception {
        Path config = Files.writeString(tmp.resolve("vigil.yaml"), "storageRot: /x\n");
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true));
            assertThat(new CommandLine(new Main()).execute("run", "--config", config.toString())).isEqualTo(2);
        } finally {
            System.setErr(originalErr);
        }
        assertThat(err.toString()).contains("vigil.yaml:1:1").contains("storageRot");
    }
}
