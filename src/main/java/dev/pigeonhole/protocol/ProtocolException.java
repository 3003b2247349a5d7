package dev.pigeonhole.protocol;

import java.io.IOException;

/**
 * A line that breaks the protocol. Whoever receives one drops the connection without replying (P10).
 *
 * <p>Carries the number of the rule that was broken (for example {@code "P10"}) and a sanitized,
 * length-bounded excerpt of the offending input that is safe to write to a log or a terminal. It is
 * an {@link IOException} because, like {@link java.net.ProtocolException}, it ends the conversation.
 */
public final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;
    private static final int EXCERPT_LIMIT = 80;

    private final String rule;
    private final String problem;
    private final String excerpt;

    /**
     * @param rule    the broken rule, for example {@code "P2"}
     * @param problem what is wrong, in words, without the offending text
     * @param excerpt the offending input (any bytes); it is sanitized and shortened here
     */
    public ProtocolException(String rule, String problem, String excerpt) {
        super(rule + ": " + problem + (excerpt == null ? "" : " [" + Ascii.escape(excerpt, EXCERPT_LIMIT) + "]"));
        this.rule = rule;
        this.problem = problem;
        this.excerpt = excerpt == null ? "" : Ascii.escape(excerpt, EXCERPT_LIMIT);
    }

    /** As {@link #ProtocolException(String, String, String)}, with the excerpt taken from raw bytes. */
    public ProtocolException(String rule, String problem, byte[] bytes, int offset, int length) {
        this(rule, problem, Ascii.latin1(bytes, offset, Math.min(length, EXCERPT_LIMIT + 1)));
    }

    /** The rule that was broken, for example {@code "P10"}. */
    public String rule() {
        return rule;
    }

    /**
     * What is wrong, in words, without the offending text (for example {@code "user name contains a space"}):
     * a log line that shows the rule and the excerpt separately takes this instead of cutting up
     * {@link #getMessage()}, whose excerpt may itself contain {@code " ["}.
     */
    public String problem() {
        return problem;
    }

    /** The offending input, escaped so that it holds printable ASCII only, and at most about 80 characters. */
    public String excerpt() {
        return excerpt;
    }
}
