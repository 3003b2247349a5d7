package dev.pigeonhole.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * This host's accounts, as the password database (NSS: {@code /etc/passwd}, LDAP, ...) knows them.
 *
 * <p>Every account may receive messages, system accounts included: a process running as {@code www-data}
 * can reach the socket as {@code www-data} and read its own messages, and {@code root} is whom people write to
 * about the host. What one sender may park for any one of them is bounded by the server's fair shares, so
 * an account nobody reads cannot swallow the server.
 */
public final class PasswordDatabase {
    /** The first and last uid of a person's account, as Debian's {@code /etc/login.defs} sets them by default. */
    static final int PEOPLE_UID_MIN = 1000;

    static final int PEOPLE_UID_MAX = 60000;

    private PasswordDatabase() {}

    /**
     * True if {@code name} is an account of this host. Blocks while the database answers (fast for files,
     * as slow as the directory server for LDAP): callers on an event loop cache the answer.
     *
     * @throws IOException if the database cannot be asked
     */
    public static boolean isAccount(String name) throws IOException {
        if (!plausible(name)) {
            return false;
        }
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name);
            return true;
        } catch (UserPrincipalNotFoundException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            throw new IOException("this system has no password database to ask", e);
        }
    }

    /**
     * False for names no account can have, whatever the database says: empty, starting with {@code -} (an
     * option to every tool), or all digits, which the JDK's lookup would take for a uid.
     */
    public static boolean plausible(String name) {
        return !name.isEmpty() && !name.startsWith("-") && !name.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * The login names of people on this host (uid 1000-60000, a login shell), sorted: for completion, not
     * for deciding who may receive. From {@code getent passwd}, else {@code /etc/passwd}.
     */
    public static List<String> people() {
        List<String> lines;
        try {
            Process getent = new ProcessBuilder("getent", "passwd")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            byte[] out = getent.getInputStream().readAllBytes();
            if (!getent.waitFor(5, TimeUnit.SECONDS) || getent.exitValue() != 0) {
                getent.destroy();
                throw new IOException("getent passwd failed");
            }
            lines = new String(out, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            try {
                lines = Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8);
            } catch (IOException none) {
                return List.of();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        return people(lines);
    }

    /** The names of people in {@code passwd(5)} lines (see {@link #people()}). */
    public static List<String> people(List<String> passwdLines) {
        TreeSet<String> names = new TreeSet<>();
        for (String line : passwdLines) {
            String[] f = line.split(":", -1);
            if (f.length < 7 || !plausible(f[0])) {
                continue;
            }
            long uid;
            try {
                uid = Long.parseLong(f[2]);
            } catch (NumberFormatException e) {
                continue;
            }
            String shell = f[6];
            boolean loginShell = !shell.endsWith("/nologin") && !shell.endsWith("/false") && !shell.isEmpty();
            if (uid >= PEOPLE_UID_MIN && uid <= PEOPLE_UID_MAX && loginShell) {
                names.add(f[0]);
            }
        }
        return List.copyOf(new ArrayList<>(names));
    }
}
