package dev.pigeonhole.protocol;

/**
 * Input that must not be sent: a user name or message that breaks P2-P4. The message is a sentence
 * meant for the person who typed the input, for example {@code "a recipient cannot contain spaces"}.
 * Nothing has been written to any connection when this is thrown.
 */
public final class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String problem) {
        super(problem);
    }
}
