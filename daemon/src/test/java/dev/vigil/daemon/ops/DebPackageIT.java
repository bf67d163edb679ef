package dev.vigil.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .deb the package phase built (jdeb), read back with dpkg-deb as apt would see it. */
class DebPackageIT {
    private static final Path TARGET = Path.of("target");
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static Path deb;

    @TempDir
    Path tmp;

    record Run(int exit, String out) {}

    private static Run run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        // Only a guard against a hung child, not a timing assertion.
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not exit");
        }
        return new Run(p.exitValue(), out);
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    }

    @BeforeAll
    static void findTheDeb() throws IOException {
        assertThat(onPath("dpkg-deb")).as("dpkg-deb is needed to check the package: apt-get install dpkg").isTrue();
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("vigil_.+_all\\.deb")).toList();
            assertThat(debs).as("target/vigil_<version>_all.deb, built by jdeb in the package phase").hasSize(1);
            deb = debs.get(0);
        }
    }

    private static String info(String... what) throws Exception {
        List<String> command = new ArrayList<>(List.of("dpkg-deb", "--info", deb.toString()));
        command.addAll(List.of(what));
        Run r = run(command.toArray(String[]::new));
        assertThat(r.exit()).as(r.out()).isZero();
        return r.out();
    }

    @Test
    void controlNamesThePackageItsJavaAndItsConffile() throws Exception {
        assertThat(info()).contains("Package: vigil", "Architecture: all",
                "Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless, adduser");
        assertThat(deb.getFileName().toString()).startsWith("vigil_0.").endsWith("_all.deb");
        assertThat(info("conffiles").strip()).isEqualTo("/etc/vigil/vigil.yaml");
    }

    @Test
    void maintainerScriptsCreateTheUserAndReloadSystemd() throws Exception {
        assertThat(info("postinst")).contains("adduser --system --group --home /var/lib/vigil", "systemctl daemon-reload",
                "[ -d /run/systemd/system ]");
        assertThat(info("postrm")).contains("systemctl daemon-reload");
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path extracted = tmp.resolve("control-" + script);
            Files.writeString(extracted, info(script));
            Run syntax = run("sh", "-n", extracted.toString());
            assertThat(syntax.exit()).as(script + ": " + syntax.out()).isZero();
        }
    }

    @Test
    void installsTheJarLauncherUnitAndConfig() throws Exception {
        Run contents = run("dpkg-deb", "--contents", deb.toString());
        assertThat(contents.exit()).as(contents.out()).isZero();
        assertThat(contents.out()).containsPattern("(?m)^-rw-r--r-- root/root +\\d+ .* \\./usr/share/vigil/vigil\\.jar$")
                .containsPattern("(?m)^-rwxr-xr-x root/root +\\d+ .* \\./usr/bin/vigil$")
                .containsPattern("(?m)^-rw-r--r-- root/root +\\d+ .* \\./lib/systemd/system/vigil\\.service$")
                .containsPattern("(?m)^-rw-r--r-- root/root +\\d+ .* \\./etc/vigil/vigil\\.yaml$");

        Path root = tmp.resolve("root");
        assertThat(run("dpkg-deb", "--extract", deb.toString(), root.toString()).exit()).isZero();
        assertThat(Files.mismatch(root.resolve("usr/share/vigil/vigil.jar"), TARGET.resolve("vigil.jar"))).as("the shaded jar").isEqualTo(-1);
        assertThat(Files.mismatch(root.resolve("usr/bin/vigil"), DEPLOY.resolve("vigil"))).isEqualTo(-1);
        assertThat(Files.readString(root.resolve("etc/vigil/vigil.yaml"))).contains("storageRoot: /var/lib/vigil");
    }

    @Test
    void theLauncherKeepsAClassDataSharingArchiveForRunOnly() throws Exception {
        Path root = tmp.resolve("root");
        assertThat(run("dpkg-deb", "--extract", deb.toString(), root.toString()).exit()).isZero();
        // A stand-in java that prints the command line it was given.
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"java $*\"\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        String launcher = root.resolve("usr/bin/vigil").toString();
        String jar = root.resolve("usr/share/vigil/vigil.jar").toString();
        String env = "PATH=" + bin + ":/usr/bin:/bin";

        String first = run("env", env, "CACHE_DIRECTORY=" + cache, "VIGIL_JAR=" + jar, "VIGIL_JAVA_OPTS=-Xmx99m", launcher, "run", "--config", "c.yaml").out().strip();
        assertThat(first).startsWith("java -XX:ArchiveClassesAtExit=" + cache + "/vigil-").contains(MEMORY + " -Xmx99m -jar " + jar + " run --config c.yaml");
        String archive = first.substring("java -XX:ArchiveClassesAtExit=".length(), first.indexOf(' ', "java -XX:ArchiveClassesAtExit=".length()));
        Files.write(Path.of(archive), new byte[] {1}); // what the first run leaves when it exits

        String second = run("env", env, "CACHE_DIRECTORY=" + cache, "VIGIL_JAR=" + jar, launcher, "run", "--config", "c.yaml").out().strip();
        assertThat(second).startsWith("java -Xshare:auto -XX:SharedArchiveFile=" + archive).endsWith(MEMORY + " -jar " + jar + " run --config c.yaml");

        String other = run("env", env, "CACHE_DIRECTORY=" + cache, "VIGIL_JAR=" + jar, launcher, "verify", "--config", "c.yaml").out().strip();
        assertThat(other).as("only the daemon gets the archive").isEqualTo("java " + MEMORY + " -jar " + jar + " verify --config c.yaml");
        String noCache = run("env", env, "VIGIL_JAR=" + jar, launcher, "run").out().strip();
        assertThat(noCache).as("outside systemd, no cache directory").isEqualTo("java " + MEMORY + " -jar " + jar + " run");
        String ownGc = run("env", env, "VIGIL_JAR=" + jar, "VIGIL_JAVA_OPTS=-XX:+UseG1GC -Xmx2g", launcher, "run").out().strip();
        assertThat(ownGc).as("a collector of the user's replaces the memory defaults").isEqualTo("java -XX:+UseG1GC -Xmx2g -jar " + jar + " run");
    }

    /** The launcher's memory defaults (deploy/vigil explains them). */
    static final String MEMORY = "-XX:+UseSerialGC -Xms48m -Xmn32m -XX:SurvivorRatio=2 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:-ShrinkHeapInSteps";

    @Test
    void theUnitIsHardenedAndVerifies() throws Exception {
        Path root = tmp.resolve("root");
        assertThat(run("dpkg-deb", "--extract", deb.toString(), root.toString()).exit()).isZero();
        String unit = Files.readString(root.resolve("lib/systemd/system/vigil.service"));
        assertThat(unit.lines().map(String::strip).toList()).contains("Type=notify", "NotifyAccess=main", "WatchdogSec=30",
                "ExecStart=/usr/bin/vigil run --config /etc/vigil/vigil.yaml", "User=vigil", "Group=vigil",
                "StateDirectory=vigil", "ConfigurationDirectory=vigil", "CacheDirectory=vigil", "ProtectSystem=strict", "ProtectHome=yes",
                "PrivateTmp=yes", "PrivateDevices=yes", "NoNewPrivileges=yes", "ProtectKernelTunables=yes",
                "ProtectKernelModules=yes", "ProtectKernelLogs=yes", "ProtectControlGroups=yes",
                "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", "RestrictNamespaces=yes", "LockPersonality=yes",
                "SystemCallArchitectures=native", "TimeoutStopSec=15", "Restart=on-failure", "LimitNOFILE=65536");
        assertThat(unit).doesNotContainPattern("(?m)^MemoryDenyWriteExecute");

        Assumptions.assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed; the unit was not verified");
        // verify insists that ExecStart's binary exists: point it at the packaged launcher instead
        // of /usr/bin/vigil, which is not installed here. Everything else is verified as shipped.
        Path units = Files.createDirectories(tmp.resolve("units"));
        Path copy = units.resolve("vigil.service");
        Files.writeString(copy, unit.replace("ExecStart=/usr/bin/vigil ", "ExecStart=" + root.resolve("usr/bin/vigil").toAbsolutePath() + " "));
        Run verify = run("systemd-analyze", "verify", copy.toString());
        // Unknown or misspelled settings are only warnings (exit 0): any output is a failure.
        assertThat(verify.out()).as("systemd-analyze verify output").isEmpty();
        assertThat(verify.exit()).isZero();
    }
}
