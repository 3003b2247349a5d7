package dev.pigeonhole.compose;

import dev.pigeonhole.client.HostAccounts.Answer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who a message can go to: the people who wrote to this user, the accounts on the server's host (over the
 * socket or ssh; over TCP nobody can tell), and the answers to "is NAME an account there". It orders names
 * for completion (someone who wrote to you or an account before a name that was only ever typed, and a name
 * known not to be an account last), flags a name that is not an account before sending, and asks once before
 * a message goes to a name nobody can vouch for, so a typo ({@code bobb}) is never sent without a word. Not
 * thread-safe: the GUI thread owns it; the lookups themselves run elsewhere and come back through
 * {@link #answer}.
 */
public final class Recipients {
    /** How long To: must stay unchanged before its name is looked up (not one lookup per key). */
    public static final long LOOKUP_AFTER_MS = 400;

    private final Set<String> accounts = new HashSet<>();
    private final Map<String, Answer> answers = new HashMap<>();
    private final Set<String> wroteToYou = new HashSet<>();
    private final Set<String> asked = new HashSet<>();
    /** Whether the host's accounts can be known at all (false over TCP). */
    private boolean knowable = true;

    private String typed = "";
    private long typedAt;
    /** The name Enter last refused to send to without asking; a second Enter sends. */
    private String warned;

    /**
     * The host's people, for completion; {@code knowable} false over TCP, where any name may be a recipient
     * and none can be checked.
     */
    public void accounts(List<String> people, boolean canKnow) {
        accounts.addAll(people);
        knowable = canKnow;
    }

    /** The host's answer for {@code name}. */
    public void answer(String name, Answer a) {
        answers.put(name, a);
    }

    /** {@code name} wrote to this user (a message in the archive). */
    public void heardFrom(String name) {
        wroteToYou.add(name);
    }

    /** What is known about {@code name}. */
    public Answer known(String name) {
        return accounts.contains(name) ? Answer.ACCOUNT : answers.getOrDefault(name, Answer.UNKNOWN);
    }

    /**
     * Names for completion: {@code recentFirst} (the people pane's order) and then the host's accounts, ranked
     * so that someone who wrote to you or an account comes before a name only ever written to, and a name that
     * is not an account comes last; within a rank the given order stays.
     */
    public List<String> forCompletion(List<String> recentFirst) {
        Set<String> all = new LinkedHashSet<>(recentFirst);
        accounts.stream().sorted().forEach(all::add);
        List<String> out = new ArrayList<>(all);
        out.sort(Comparator.comparingInt(this::rank));
        return out;
    }

    private int rank(String name) {
        Answer a = known(name);
        if (a == Answer.NOT_AN_ACCOUNT) {
            return 2;
        }
        return wroteToYou.contains(name) || a == Answer.ACCOUNT ? 0 : 1;
    }

    /**
     * The name in To: to look up now, if it stayed unchanged {@link #LOOKUP_AFTER_MS} and nothing is known or
     * asked about it yet; else null. Marks it asked.
     */
    public String toLookUp(String to, long now) {
        if (!to.equals(typed)) {
            typed = to;
            typedAt = now;
            return null;
        }
        if (to.isEmpty() || !knowable || now - typedAt < LOOKUP_AFTER_MS || known(to) != Answer.UNKNOWN) {
            return null;
        }
        return asked.add(to) ? to : null;
    }

    /** What the status row says about {@code to} as a recipient, or null if there is nothing to say. */
    public String note(String to) {
        if (to.isEmpty()) {
            return null;
        }
        if (known(to) == Answer.NOT_AN_ACCOUNT) {
            return to + " is not an account on the server's host: the server would refuse it.";
        }
        if (!knowable && !wroteToYou.contains(to)) {
            return "No messages from " + to + " yet; over TCP the client cannot tell whether it is an account.";
        }
        return null;
    }

    /**
     * Enter on a message to {@code to}: why to ask first (once per name: the next Enter sends), or null to
     * send now. Asks for a name known not to be an account.
     */
    public String askFirst(String to) {
        if (to.equals(warned) || known(to) != Answer.NOT_AN_ACCOUNT) {
            return null;
        }
        warned = to;
        return to + " is not an account on the server's host, so the server would refuse it. Enter again sends"
                + " anyway.";
    }

    /**
     * What to add to "Sent to {@code to}" when nobody could vouch for the name (over TCP, someone who never
     * wrote to you), so that a typo is not sent without a word; else null.
     */
    public String afterSending(String to) {
        return knowable || wroteToYou.contains(to)
                ? null
                : to + " has not written to you, and over TCP accounts are unknown: check the name";
    }
}
