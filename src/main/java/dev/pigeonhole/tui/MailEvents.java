package dev.pigeonhole.tui;

import dev.pigeonhole.client.ArchivedMessage;
import java.util.List;

/**
 * What the network side tells the UI. Called on the network thread: an implementation that touches
 * Lanterna must hand the work to the GUI thread ({@code invokeLater}) and return at once.
 */
public interface MailEvents {
    /** The connection changed state. */
    void connection(Connection state);

    /**
     * Messages to show, oldest first, already safe in the archive. {@code history} is true for what the
     * archive held at start-up, false for messages just read from the server.
     */
    void received(List<ArchivedMessage> messages, boolean history);

    /** The outcome of one {@link Mailroom#send}. */
    void sendResult(SendResult result);

    /** Something the user should know that is not a send result, e.g. the archive could not be read. */
    void notice(String text, boolean problem);
}
