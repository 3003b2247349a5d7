package dev.pigeonhole.system;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The user's directories as a shell user expects them: {@code ~} is {@code $HOME} (Java's
 * {@code user.home}, from the password database, only when {@code HOME} is unset or empty), and the XDG
 * base directories {@code $XDG_STATE_HOME} and {@code $XDG_DATA_HOME} apply when set to an absolute path,
 * as the XDG specification says, else {@code ~/.local/state} and {@code ~/.local/share}.
 *
 * @param env the environment to read (the process's, or a test's)
 * @param userHome the fallback for an unset {@code HOME}
 */
public record UserDirectories(Map<String, String> env, String userHome) {
    public UserDirectories {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(userHome, "userHome");
    }

    /** This process's environment. */
    public static UserDirectories ofProcess() {
        return of(System.getenv());
    }

    /** {@code env}, with this process's {@code user.home} as the fallback for {@code HOME}. */
    public static UserDirectories of(Map<String, String> env) {
        return new UserDirectories(env, System.getProperty("user.home", "/"));
    }

    /** {@code ~}. */
    public Path home() {
        String home = env.get("HOME");
        return Path.of(home == null || home.isEmpty() ? userHome : home);
    }

    /** {@code $XDG_STATE_HOME}, else {@code ~/.local/state}. */
    public Path stateHome() {
        return xdg("XDG_STATE_HOME", "state");
    }

    /** {@code $XDG_DATA_HOME}, else {@code ~/.local/share}. */
    public Path dataHome() {
        return xdg("XDG_DATA_HOME", "share");
    }

    private Path xdg(String variable, String under) {
        String value = env.get(variable);
        return value != null && !value.isBlank() && Path.of(value).isAbsolute()
                ? Path.of(value)
                : home().resolve(".local").resolve(under);
    }
}
