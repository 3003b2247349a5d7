package dev.pigeonhole.courier;

import dev.pigeonhole.client.ArchivedMessage;
import dev.pigeonhole.compose.Outbox;
import dev.pigeonhole.compose.SendResult;
import java.util.List;

/**
 * What the network side tells the UI. Called on the network thread: an implementation that touches
 * Lanterna must hand the work to the GUI thread ({@code invokeLater}) and return at once.
 */
public interface MailEvents {
    /** The connection changed state. */
    void connection(LinkState state);

    /**
     * Messages just read from the server, oldest first, already safe in the archive. The UI shows them
     * from the archive file (as it shows what any other client archives); this says when to look.
     */
    void archived(List<ArchivedMessage> messages);

    /** The outcome of one {@link Mailroom#send}; a sent message is in the sent store before this is called. */
    void sendResult(SendResult result);

    /**
     * What the {@link Outbox} holds now, oldest first: messages pending, being sent, unconfirmed or refused.
     * Told at start and after every change this client sees (including other clients' at each poll). A
     * listener that shows no outbox (a benchmark's) may leave it out: the outbox is on disk either way.
     */
    default void outbox(List<Outbox.Entry> entries) {}

    /** Something the user should know that is not a send result, e.g. the archive could not be read. */
    void notice(String text, boolean problem);
}
