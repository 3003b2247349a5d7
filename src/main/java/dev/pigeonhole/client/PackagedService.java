package dev.pigeonhole.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The whole-host service the Debian package installs: where its socket is, and the files whose presence says
 * the package is installed. Where it is installed, a client with no server named uses that socket and nothing
 * else: when the socket is missing the service is down, and a TCP port on loopback could be anyone's.
 *
 * @param socket  where the service listens
 * @param markers files the package installs (its systemd unit); any one of them present means installed
 */
public record PackagedService(Path socket, List<Path> markers) {
    /** This host's: {@code /run/pigeonhole/pigeonhole.sock}, and the unit in either place Debian puts units. */
    public static final PackagedService HOST = new PackagedService(
            Endpoint.PACKAGED_SOCKET,
            List.of(
                    Path.of("/usr/lib/systemd/system/pigeonhole.service"),
                    Path.of("/lib/systemd/system/pigeonhole.service")));

    public PackagedService {
        Objects.requireNonNull(socket, "socket");
        markers = List.copyOf(markers);
    }

    /** A service at {@code socket} whose package is not installed (tests; other hosts). */
    public static PackagedService notInstalled(Path socket) {
        return new PackagedService(socket, List.of());
    }

    /** True if the package's files are on this host, whether or not its server runs. */
    public boolean installed() {
        for (Path marker : markers) {
            if (Files.exists(marker)) {
                return true;
            }
        }
        return false;
    }
}
