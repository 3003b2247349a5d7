package dev.pigeonhole.protocol;

/** The numbers the protocol ({@code src/docs/protocol.md}) fixes, in one place. */
public final class Limits {
    /** P3: a user name is 1 to 64 characters. */
    public static final int MAX_USERNAME = 64;
    /** P4: the default message limit, in characters (= bytes: the text is ASCII). */
    public static final int DEFAULT_MAX_MESSAGE = 4096;
    /** P7: every queue holds at least this many unread messages before a server may refuse. */
    public static final int MIN_QUEUE = 100;
    /** P11: the longest valid command line ({@code COMPOSE } plus the longest user name), without LF. */
    public static final int MAX_COMMAND_LINE = "COMPOSE ".length() + MAX_USERNAME;

    private Limits() {}
}
