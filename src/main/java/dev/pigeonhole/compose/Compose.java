package dev.pigeonhole.compose;

import dev.pigeonhole.client.HostAccounts;
import dev.pigeonhole.protocol.Validation;
import dev.pigeonhole.text.WireText;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The input line as a model: the To: and Msg: fields, every recipient's draft behind them, the sent-message
 * history for Up/Down, name completion, and the checks that decide whether Enter may send. It knows nothing
 * of the terminal: the window copies edits in ({@link #typedTo}, {@link #typedText}) and shows what this
 * holds after every call that returns a {@link Change}. Not thread-safe: the GUI thread owns it.
 *
 * <p>Nothing typed is lost: every edit is stamped into the {@link DraftBook} at once (with the injected
 * clock), the book is merged, never replaced, with the saved drafts whenever they arrive, and a draft that
 * meets another for the same recipient is joined to it, not dropped.
 */
public final class Compose {
    /** Which field an action leaves the focus in. */
    public enum Field {
        TO,
        MSG
    }

    /** How a piece of feedback should look. */
    public enum Tone {
        PLAIN,
        GOOD,
        WARN,
        BAD
    }

    /** One line for the user. */
    public record Note(String text, Tone tone) {}

    /**
     * What a call changed that the window must show: the fields (when {@code fields}), where the focus goes
     * (null: where it is), and a note (null: none).
     */
    public record Change(boolean fields, Field focus, Note note) {
        static final Change NONE = new Change(false, null, null);
    }

    /** Asked to send: either go ahead with exactly this, or why not. */
    public sealed interface Send permits Send.Go, Send.Refused {
        /** Send {@code text} to {@code recipient}; the fields are already cleared for the next message. */
        record Go(String recipient, String text) implements Send {}

        /** Nothing was sent; the note says why and the focus where to fix it. */
        record Refused(Change change) implements Send {}
    }

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private final Clock clock;
    private final ZoneId zone;
    private final int maxMessage;
    private final DraftBook drafts = new DraftBook();
    private final ComposeHistory history = new ComposeHistory();
    private final Completion completion = new Completion();
    private final Recipients recipients = new Recipients();

    private String to = "";
    private String text = "";
    private long toAt;
    /** Set by every edit, cleared when a save has been handed out; with {@link #editedAt} for the debounce. */
    private boolean unsaved;

    private long editedAt;
    private boolean loaded;

    /** @param maxMessage the server's limit on one message line (P4) */
    public Compose(Clock clock, ZoneId zone, int maxMessage) {
        this.clock = clock;
        this.zone = zone;
        this.maxMessage = maxMessage;
    }

    public String to() {
        return to;
    }

    public String text() {
        return text;
    }

    public int maxMessage() {
        return maxMessage;
    }

    /** Who a message can go to: fed by the window (accounts, answers, who wrote), consulted by Tab and Enter. */
    public Recipients recipients() {
        return recipients;
    }

    /** The name in To: to look up on the host now (debounced), or null. */
    public String toLookUp() {
        return recipients.toLookUp(to, clock.millis());
    }

    // ---- edits -------------------------------------------------------------------------------------

    /**
     * The user edited To:. The text in Msg: goes with the name (it is what they are writing to whoever they
     * are naming); a draft already kept for the new name is brought into the field, after the text if there
     * is any, so neither is lost.
     */
    public Change typedTo(String name) {
        if (name.equals(to)) {
            return Change.NONE;
        }
        long now = clock.millis();
        String was = to;
        to = name;
        toAt = now;
        touch(now);
        String kept = drafts.text(name);
        if (text.isEmpty()) {
            if (kept.isEmpty()) {
                return Change.NONE;
            }
            text = kept;
            return new Change(true, null, new Note("Your draft to " + name + " is back.", Tone.PLAIN));
        }
        drafts.remove(was); // the text moves with the name
        if (!kept.isEmpty() && !kept.equals(text)) {
            text = kept + " " + text;
            drafts.edit(name, text, now);
            return new Change(
                    true,
                    null,
                    new Note("Your earlier draft to " + name + " is now at the start of the field.", Tone.WARN));
        }
        drafts.edit(name, text, now);
        return Change.NONE;
    }

    /** The user edited Msg:. */
    public void typedText(String newText) {
        if (newText.equals(text)) {
            return;
        }
        long now = clock.millis();
        text = newText;
        drafts.edit(to, text, now);
        touch(now);
        history.reset();
    }

    /**
     * Puts {@code who} in To: as a switch of conversation (Ctrl-T, Ctrl-N): the text in the field stays
     * behind as the draft to whoever was there, and {@code who}'s draft comes in.
     */
    public Change address(String who) {
        if (who.equals(to)) {
            return Change.NONE;
        }
        long now = clock.millis();
        to = who;
        toAt = now;
        text = drafts.text(who); // the one left behind is in the book already
        touch(now);
        history.reset();
        return new Change(true, null, null);
    }

    private void touch(long now) {
        unsaved = true;
        editedAt = now;
    }

    // ---- Tab, Up/Down ------------------------------------------------------------------------------

    /**
     * Tab in To:: completes the name from {@code people} (most recent first) and the host's accounts, ranked by
     * {@link Recipients#forCompletion}. A single match, or a name already complete, moves on to Msg:; several
     * matches cycle with each Tab and say so.
     */
    public Change tab(List<String> people) {
        Completion.Result r = completion.next(to, recipients.forCompletion(people));
        if (r == null) {
            return new Change(false, Field.MSG, null);
        }
        Change c = typedTo(r.name());
        Note note = r.choices() > 1
                ? new Note(
                        r.choices() + " names start with \"" + r.prefix() + "\": Tab for the next, Enter to take "
                                + r.name() + ".",
                        Tone.PLAIN)
                : c.note();
        return new Change(true, r.choices() > 1 ? null : Field.MSG, note);
    }

    /** Up (older) or Down in Msg:: the sent-message history, the text being typed kept at the end of it. */
    public Change recall(boolean older) {
        String t = older ? history.previous(text) : history.next();
        if (t == null) {
            return Change.NONE;
        }
        long now = clock.millis();
        text = t;
        drafts.edit(to, text, now);
        touch(now);
        return new Change(true, null, null);
    }

    /** Sent texts from earlier sessions, oldest first. */
    public void preloadHistory(List<String> texts) {
        history.preload(texts);
    }

    // ---- checks and sending -------------------------------------------------------------------------

    /** What the status row says about the fields as they are now. */
    public Note check() {
        String problem = problem();
        String counter = counter();
        if (problem != null) {
            return new Note(problem, Tone.BAD);
        }
        String who = recipients.note(to);
        if (who != null) {
            return new Note(
                    who + (text.isEmpty() ? "" : " " + counter),
                    recipients.known(to) == HostAccounts.Answer.NOT_AN_ACCOUNT ? Tone.BAD : Tone.WARN);
        }
        if (!text.isEmpty()) {
            return new Note(counter + (to.isEmpty() ? "" : "; Enter sends to " + to), Tone.PLAIN);
        }
        return null; // nothing typed: whatever the status row says stays (e.g. the newcomer's hint)
    }

    /**
     * The counter: what will go on the wire (the text encoded, {@link WireText}) against the server's limit,
     * so that it counts what the server counts.
     */
    public String counter() {
        return String.format(Locale.ROOT, "%,d / %,d characters", WireText.wireLength(text), maxMessage);
    }

    /** What stops the fields from being sent, or null; a text too long says how much of it fits. */
    private String problem() {
        if (!to.isEmpty()) {
            String p = Validation.usernameProblem("recipient", to);
            if (p != null) {
                return capitalize(p) + ".";
            }
        }
        WireText.Fit fit = WireText.fit(text, maxMessage);
        if (fit.fits()) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "%,d / %,d characters: %,d too many (remove %,d of what you typed).",
                fit.wireLength(),
                maxMessage,
                fit.wireLength() - maxMessage,
                fit.excess());
    }

    /** Enter in Msg:: sends the fields if they may be sent, else says why (once) and where to fix it. */
    public Send send() {
        if (to.isEmpty()) {
            return refuse("Type a recipient first, in the To: field (Tab completes, Ctrl-T replies).", Field.TO);
        }
        String problem = problem();
        if (problem != null) {
            return refuse(problem + " Nothing was sent.", null);
        }
        if (text.isEmpty()) {
            return refuse("Type a message first.", Field.MSG);
        }
        String ask = recipients.askFirst(to);
        if (ask != null) {
            return new Send.Refused(new Change(false, null, new Note(ask, Tone.WARN)));
        }
        String recipient = to;
        String sending = text;
        // The field is free at once for the next message: the send goes through the outbox on disk, in order,
        // and one that fails stays visible there (see sent()).
        drafts.remove(recipient);
        text = "";
        touch(clock.millis());
        history.reset();
        return new Send.Go(recipient, sending);
    }

    private static Send refuse(String why, Field focus) {
        return new Send.Refused(new Change(false, focus, new Note(why, Tone.BAD)));
    }

    /**
     * What became of a send (or of a message in the outbox). A message the server refused or did not confirm
     * stays in the outbox, shown with the keys that act on it; only one that could not even be kept there, or
     * that the user took back, returns to the field (or to its recipient's draft).
     */
    public Change sent(SendResult r) {
        String who = r.recipient();
        String detail = r.detail() == null ? "" : r.detail();
        return switch (r.outcome()) {
            case SENT, RECORDED -> {
                history.add(r.text());
                String what = r.outcome() == SendResult.Outcome.SENT ? "Sent to " : "Recorded as sent to ";
                String doubt = r.detail() != null ? r.detail() : recipients.afterSending(who);
                String size = String.format(Locale.ROOT, "%,d", r.text().length());
                String at = HH_MM.format(clock.instant().atZone(zone));
                yield new Change(
                        false,
                        null,
                        new Note(
                                what + who + " at " + at + " (" + size + " characters)"
                                        + (doubt == null ? "." : "; " + doubt + "."),
                                doubt == null ? Tone.GOOD : Tone.WARN));
            }
            case QUEUED -> {
                history.add(r.text());
                yield new Change(
                        false,
                        null,
                        new Note(
                                "Offline: your message to " + who + " waits in the outbox and goes when the"
                                        + " connection is back (Ctrl-X takes it back).",
                                Tone.WARN));
            }
            case REFUSED -> {
                history.add(r.text());
                yield new Change(
                        false,
                        null,
                        new Note(
                                "Not delivered to " + who + ": " + detail
                                        + ". It stays below the conversation: Ctrl-O sends it again, Ctrl-X takes it"
                                        + " back to edit.",
                                Tone.BAD));
            }
            case UNCONFIRMED -> {
                // Sending again by itself could deliver it twice: the user decides.
                history.add(r.text());
                yield new Change(
                        false,
                        null,
                        new Note(
                                "Unconfirmed: " + detail + "; " + who + " may already have it. Ctrl-X records"
                                        + " it as sent, Ctrl-O sends it again.",
                                Tone.BAD));
            }
            case NOT_SENT -> giveBack(r, "Not sent: " + detail + ". ", Tone.BAD);
            case TAKEN_BACK -> giveBack(r, "Taken out of the outbox. ", Tone.PLAIN);
        };
    }

    private Change giveBack(SendResult r, String what, Tone tone) {
        long now = clock.millis();
        history.add(r.text());
        if (text.isEmpty() && (to.isEmpty() || to.equals(r.recipient()))) {
            to = r.recipient();
            text = r.text();
            drafts.edit(to, text, now);
            touch(now);
            return new Change(true, Field.MSG, new Note(what + "Your text is back in the field.", tone));
        }
        if (to.equals(r.recipient())) {
            // The field holds the next message to the same person: never change it under the user's fingers.
            return new Change(false, null, new Note(what + "Up recalls your text.", tone));
        }
        // The field is someone else's: the text goes back to its recipient's draft, joined, never lost.
        String kept = drafts.text(r.recipient());
        drafts.edit(r.recipient(), kept.isEmpty() ? r.text() : kept + " " + r.text(), now);
        touch(now);
        return new Change(
                false,
                null,
                new Note(what + "It is back in your draft to " + r.recipient() + " (Up recalls it too).", tone));
    }

    // ---- drafts on disk -----------------------------------------------------------------------------

    /**
     * The saved drafts, read at start-up or merged by a save: taken in per recipient (newest edit wins). If
     * the user has not typed anything yet, the fields come back as they were left.
     */
    public Change loaded(DraftFile.Contents saved) {
        return loaded(saved, true);
    }

    /**
     * As {@link #loaded(DraftFile.Contents)}; at start-up in a second window of the user ({@code
     * firstWindow} false, see {@link OpenWindow}) the fields stay empty instead, since the first window has
     * that draft open: a name typed in To: still brings its draft.
     */
    public Change loaded(DraftFile.Contents saved, boolean firstWindow) {
        drafts.merge(saved.drafts());
        boolean first = !loaded;
        loaded = true;
        if (!first) {
            return Change.NONE; // a later merge: the fields stay as the user has them
        }
        if (!firstWindow && to.isEmpty() && text.isEmpty()) {
            return new Change(
                    false,
                    null,
                    new Note(
                            (saved.to().isEmpty()
                                            ? "Another window of yours is open"
                                            : "Another window has your draft to " + saved.to() + " open")
                                    + "; this one starts empty.",
                            Tone.PLAIN));
        }
        if (to.isEmpty() && text.isEmpty()) {
            to = saved.to();
            toAt = saved.toAt();
            text = drafts.text(to);
            return new Change(
                    true,
                    text.isEmpty() ? null : Field.MSG,
                    text.isEmpty()
                            ? null
                            : new Note("Your draft" + (to.isEmpty() ? "" : " to " + to) + " is back.", Tone.PLAIN));
        }
        if (text.isEmpty() && !drafts.text(to).isEmpty()) {
            text = drafts.text(to); // typed a name before the file was read: its draft comes in
            return new Change(true, null, new Note("Your draft to " + to + " is back.", Tone.PLAIN));
        }
        return Change.NONE;
    }

    /** True once the saved drafts have been read. */
    public boolean loaded() {
        return loaded;
    }

    /**
     * What to merge into the file, if there are edits not handed out yet and the last one is at least
     * {@code quiet} milliseconds old (0: now, e.g. at quit); else null. Handing it out marks it saved.
     */
    public DraftFile.Contents toSave(long quiet) {
        if (!unsaved || clock.millis() - editedAt < quiet) {
            return null;
        }
        unsaved = false;
        return new DraftFile.Contents(to, toAt, drafts.all());
    }

    /** Recipients with a draft, for completion and the people pane. */
    public List<String> draftRecipients() {
        return drafts.recipients();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
