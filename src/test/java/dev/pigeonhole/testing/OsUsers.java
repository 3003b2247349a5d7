package dev.pigeonhole.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * OS accounts made for a test with {@code useradd} (no home, no login shell) and removed by {@link #close}:
 * real entries of the password database, as the server's accounts-as-recipients rule reads it. Needs root.
 */
public final class OsUsers implements AutoCloseable {
    private final List<String> names = new ArrayList<>();

    private OsUsers() {}

    /**
     * Makes an account for each of {@code names}, suffixed so that a test never collides with a real user;
     * skips the test (with the reason) where it cannot: not root, or no useradd.
     */
    public static OsUsers create(String... base) throws IOException, InterruptedException {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "needs root to make OS accounts with useradd (CI runs the tests as root)");
        Assumptions.assumeTrue(
                java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/sbin/useradd")), "needs useradd");
        OsUsers users = new OsUsers();
        String suffix = Long.toString(ProcessHandle.current().pid() % 100_000, 36);
        try {
            for (String b : base) {
                String name = b + suffix;
                run("useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name);
                users.names.add(name);
            }
        } catch (IOException | RuntimeException e) {
            users.close();
            throw e;
        }
        return users;
    }

    /** The {@code i}th account's name. */
    public String name(int i) {
        return names.get(i);
    }

    @Override
    public void close() {
        for (String name : names) {
            try {
                run("userdel", name);
            } catch (IOException | InterruptedException e) {
                // reported by the next useradd of the same name, if ever
            }
        }
        names.clear();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
    }
}
