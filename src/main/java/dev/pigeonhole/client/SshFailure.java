package dev.pigeonhole.client;

import java.io.IOException;

/**
 * ssh (or the bridge it ran on the remote host) failed; the message is one line, {@code ssh: <its reason>},
 * in ssh's own words where it gave any.
 */
public final class SshFailure extends IOException {
    private static final long serialVersionUID = 1L;

    SshFailure(String reason, IOException cause) {
        super("ssh: " + reason, cause);
    }
}
