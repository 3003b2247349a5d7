package dev.pigeonhole.cli;

import dev.pigeonhole.protocol.InvalidInputException;
import dev.pigeonhole.protocol.Validation;
import picocli.CommandLine.Option;

/**
 * The options every client command shares: which server, and which user on it. Mixed into each command,
 * so they read the same everywhere and are settable as {@code PIGEONHOLE_HOST}, {@code PIGEONHOLE_PORT}
 * and {@code PIGEONHOLE_USER}.
 */
final class Account {
    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            paramLabel = "HOST",
            description = "Server host name or address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "4554",
            paramLabel = "PORT",
            description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    // The environment (PIGEONHOLE_USER) wins over this default, so `ssh host pigeonhole read` needs no flag.
    @Option(
            names = {"-u", "--user"},
            defaultValue = "${sys:user.name}",
            paramLabel = "USER",
            description = "Your user name (default: $PIGEONHOLE_USER, else your login name).")
    String user;

    /** Checks the values a person gave, before anything touches the network or the disk. */
    void validate() {
        if (port < 1 || port > 65_535) {
            throw new InvalidInputException("a port is a number from 1 to 65535; got " + port);
        }
        if (host == null || host.isBlank()) {
            throw new InvalidInputException("a host cannot be empty");
        }
        Validation.requireUsername("user name", user);
    }

    /** {@code host:port}, with an IPv6 literal in brackets, for messages. */
    String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
