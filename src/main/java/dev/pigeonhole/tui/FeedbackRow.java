package dev.pigeonhole.tui;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * What the status pane's feedback row says, and for how long: the model behind {@link StatusView}'s middle
 * row, without a terminal.
 *
 * <p>Two kinds of feedback share the row. What answers the user (a compose check, a send result, a search)
 * replaces the row at once, as it always did. What the client finds in the background (a file it had to make
 * private, a drafts file it cannot read, new mail) used to do the same, so two problems found at start-up
 * showed for a frame each and the first was never seen. Now a <em>problem</em> found in the background holds
 * the row for {@link #HOLD}: problems found meanwhile wait their turn, in order, and show one after the other;
 * other background news waits too (only the latest is kept: it supersedes the earlier). A key press ends the
 * hold early for what answers that key: the user is there, and acting. GUI thread only.
 *
 * @param <R> how the row is drawn (the look's role for it)
 */
final class FeedbackRow<R> {
    /** How long a background problem keeps the row against other background feedback. */
    static final Duration HOLD = Duration.ofSeconds(4);
    /** Problems waiting beyond this many are dropped: a flood must not queue minutes of notices. */
    static final int MAX_WAITING = 8;

    /** One thing said on the row. */
    record Said<R>(String text, R role) {}

    private Said<R> shown;
    /** Until when the shown background problem holds the row; {@link Instant#MIN} when nothing holds it. */
    private Instant heldUntil = Instant.MIN;
    /** A key was pressed since the hold began: what answers it may take the row. */
    private boolean keyPressed;

    private final ArrayDeque<Said<R>> waitingProblems = new ArrayDeque<>();
    /** The latest background news that came during a hold, or null. */
    private Said<R> waitingNews;

    FeedbackRow(String text, R role) {
        this.shown = new Said<>(text, role);
    }

    Said<R> shown() {
        return shown;
    }

    /** What answers the user: shown now, unless a background problem holds the row and no key was pressed. */
    void answer(String text, R role, Instant now) {
        if (held(now) && !keyPressed) {
            waitingNews = new Said<>(text, role);
            return;
        }
        show(new Said<>(text, role));
        waitingNews = null; // older than what the user now sees
    }

    /** News found in the background: shown now, or after the held problem (only the latest waits). */
    void news(String text, R role, Instant now) {
        if (held(now)) {
            waitingNews = new Said<>(text, role);
        } else {
            show(new Said<>(text, role));
        }
    }

    /** A problem found in the background: shown now and held, or queued behind the one held. */
    void problem(String text, R role, Instant now) {
        Said<R> said = new Said<>(text, role);
        if (held(now)) {
            if (!said.equals(shown) && !waitingProblems.contains(said) && waitingProblems.size() < MAX_WAITING) {
                waitingProblems.add(said);
            }
            return;
        }
        hold(said, now);
    }

    /** A key was pressed: what answers it may take the row, even during a hold. */
    void keyPressed() {
        keyPressed = true;
    }

    /** Once the hold is over, the next waiting problem, else the waiting news; returns whether the row changed. */
    boolean tick(Instant now) {
        if (held(now)) {
            return false;
        }
        Said<R> next = waitingProblems.poll();
        if (next != null) {
            hold(next, now);
            return true;
        }
        if (waitingNews != null) {
            show(waitingNews);
            waitingNews = null;
            return true;
        }
        return false;
    }

    private boolean held(Instant now) {
        return now.isBefore(heldUntil);
    }

    private void hold(Said<R> said, Instant now) {
        show(said);
        heldUntil = now.plus(HOLD);
        keyPressed = false;
    }

    private void show(Said<R> said) {
        shown = Objects.requireNonNull(said);
    }
}
