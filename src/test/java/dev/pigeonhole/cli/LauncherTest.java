package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pigeonhole.testing.Slow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code src/bin/pigeonhole}, the launcher, in a copy of the source layout: it follows a symlink back to
 * its tree, works from any directory, says in one line when the jar is older than the sources, and gives
 * the JVM the options meant for the command. {@code PIGEONHOLE_JAVA} points at a stand-in that prints the
 * arguments it was given, so no JVM or build runs; {@code PATH} holds only the tools the launcher uses, so
 * "Maven is not installed" is real.
 */
@Slow.ChildProcesses
class LauncherTest {
    @TempDir
    Path tree;

    private Path jar;
    private Path link;
    private Path tools;

    @BeforeEach
    void layout() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/env")), "needs /usr/bin/env and bash (the launcher's shebang)");
        Path launcher =
                Files.createDirectories(tree.resolve("checkout/src/bin")).resolve("pigeonhole");
        Files.copy(Path.of("src/bin/pigeonhole"), launcher);
        Files.writeString(tree.resolve("checkout/pom.xml"), "<project/>");
        Path source =
                Files.createDirectories(tree.resolve("checkout/src/main/java")).resolve("A.java");
        Files.writeString(source, "class A {}");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(3600)));
        Files.setLastModifiedTime(
                tree.resolve("checkout/pom.xml"), FileTime.from(Instant.now().minusSeconds(3600)));
        jar = Files.createDirectories(tree.resolve("checkout/target")).resolve("pigeonhole.jar");
        Files.writeString(jar, "not really a jar");
        link = Files.createDirectories(tree.resolve("elsewhere/bin")).resolve("pigeonhole");
        Files.createSymbolicLink(link, launcher);

        Path fakeJava = tree.resolve("java-args");
        Files.writeString(fakeJava, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        tools = Files.createDirectories(tree.resolve("tools"));
        for (String tool : List.of("bash", "readlink", "dirname", "find", "sed")) {
            Path real = which(tool);
            assumeTrue(real != null, "needs " + tool);
            Files.createSymbolicLink(tools.resolve(tool), real);
        }
    }

    @Test
    void through_a_symlink_from_any_directory_it_runs_its_own_trees_jar() throws Exception {
        Run r = launch("count", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<String> args = r.out().lines().toList();
        int cp = args.indexOf("-cp");
        assertEquals(jar.toRealPath().toString(), args.get(cp + 1));
        assertEquals(List.of("dev.pigeonhole.cli.Main", "count", "--quiet"), args.subList(cp + 2, args.size()));
    }

    @Test
    void client_commands_get_short_lived_jvm_options_and_the_server_exits_on_out_of_memory() throws Exception {
        List<String> count = launch("count").out().lines().toList();
        assertTrue(count.containsAll(List.of("-Xint", "-XX:+UseSerialGC")), "count: no compiler " + count);
        assertFalse(count.contains("-XX:+ExitOnOutOfMemoryError"), count.toString());
        List<String> read = launch("read").out().lines().toList();
        assertTrue(read.containsAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")), read.toString());
        assertFalse(read.contains("-Xint"), "read may have much to do: it keeps the quick compiler");
        List<String> server = launch("server", "--in-memory").out().lines().toList();
        assertTrue(server.contains("-XX:+ExitOnOutOfMemoryError"), server.toString());
        assertFalse(server.contains("-XX:TieredStopAtLevel=1"), "the server keeps the optimizing compiler");
    }

    @Test
    void the_terminal_client_gets_a_small_heap_that_grows_only_as_used() throws Exception {
        List<String> tui = launch("tui", "--help").out().lines().toList();
        assertTrue(
                tui.containsAll(List.of("-XX:+UseSerialGC", "-Xms4m", "-Xmx64m", "-XX:MaxHeapFreeRatio=30")),
                tui.toString());
        assertFalse(launch("count").out().lines().toList().contains("-Xmx64m"), "only the long-lived window");
    }

    @Test
    void the_class_data_archive_beside_the_jar_is_used_only_when_present_and_never_required() throws Exception {
        assertFalse(launch("count").out().contains("SharedArchiveFile"), "no archive, no option");
        Path archive = Files.writeString(tree.resolve("checkout/target/pigeonhole.jsa"), "archive");
        List<String> args = launch("count").out().lines().toList();
        assertTrue(args.contains("-XX:SharedArchiveFile=" + archive.toRealPath()), args.toString());
        assertTrue(args.contains("-Xshare:auto"), "a stale archive is ignored, not fatal");
    }

    /**
     * The archive can be stale (a rebuilt jar, another JVM build) or damaged: a real JVM given the launcher's
     * options for it must still run the command, and say nothing about the archive.
     */
    @Test
    void a_real_jvm_given_the_launchers_options_runs_the_command_past_a_damaged_archive_without_a_word()
            throws Exception {
        Files.writeString(tree.resolve("checkout/target/pigeonhole.jsa"), "not an archive");
        List<String> args = launch("count").out().lines().toList();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args.subList(0, args.indexOf("-cp"))); // the launcher's JVM options, the archive's too
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.pigeonhole.cli.Main", "--version"));
        Path out = tree.resolve("jvm-out.txt");
        Path err = tree.resolve("jvm-err.txt");
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the JVM finished");
        assertEquals(0, p.exitValue(), Files.readString(err));
        assertEquals("", Files.readString(err), "nothing about the archive");
        assertTrue(Files.readString(out).startsWith("pigeonhole "), Files.readString(out));
    }

    @Test
    void sources_newer_than_the_jar_are_reported_in_one_line_with_the_command_that_rebuilds() throws Exception {
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(7200)));
        Run r = launch("count");
        assertEquals(0, r.code());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("pigeonhole: the sources changed since "), lines.get(0));
        assertTrue(lines.get(0).contains("mvn -B -q -DskipTests package"), lines.get(0));
        assertTrue(r.out().contains("dev.pigeonhole.cli.Main"), "it still runs the jar it has");
    }

    @Test
    void no_jar_and_no_maven_is_one_line_and_exit_1() throws Exception {
        Files.delete(jar);
        Run r = launch("count");
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("Maven (mvn) is not installed"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void a_build_on_first_use_lets_no_escape_sequence_of_mavens_reach_stderr() throws Exception {
        Files.delete(jar);
        // Maven 3.8.7 -B -q prints ESC[0m on both streams, with nothing else, when the build succeeds.
        Path mvn = tools.resolve("mvn");
        Files.writeString(
                mvn,
                "#!/usr/bin/env bash\nprintf '\\033[0m\\033[0m'\nprintf 'warning \\033[1;33mkept\\033[0m\\n' >&2\n"
                        + "printf jar > target/pigeonhole.jar\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run r = launch("count");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("\u001b"), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("pigeonhole: no "), lines.get(0));
        assertEquals("warning kept", lines.get(1), "Maven's words pass, only the escapes go");
        assertTrue(r.out().contains("dev.pigeonhole.cli.Main"), r.out());
    }

    @Test
    void a_failed_build_on_first_use_exits_1_with_mavens_status_through_the_filter() throws Exception {
        Files.delete(jar);
        Path mvn = tools.resolve("mvn");
        Files.writeString(mvn, "#!/usr/bin/env bash\necho '[ERROR] broken'\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run r = launch("count");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("[ERROR] broken"), r.err());
        assertTrue(r.err().contains("pigeonhole: the build failed"), r.err());
        assertEquals("", r.out());
    }

    record Run(int code, String out, String err) {}

    private Run launch(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(link.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(Path.of("/").toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", tools.toString());
        env.put("PIGEONHOLE_JAVA", tree.resolve("java-args").toString());
        Path out = tree.resolve("out.txt");
        Path err = tree.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher finished");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Path which(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
