package dev.pigeonhole.protocol;

/**
 * The checks of P2-P4 on text a person typed, with answers in words that person understands.
 *
 * <p>Each {@code ...Problem} method returns {@code null} when the text is valid, else one sentence that
 * says what is wrong; each {@code require...} method throws {@link InvalidInputException} with that
 * sentence. Positions in the sentences count characters from 1, as a person would.
 */
public final class Validation {
    private Validation() {}

    /**
     * P3. {@code role} names the field in the sentence, for example {@code "recipient"} or {@code "user name"}.
     */
    public static String usernameProblem(String role, CharSequence name) {
        if (name == null || name.length() == 0) {
            return "a " + role + " cannot be empty";
        }
        String bad = firstNonAscii(name, "used in a " + role);
        if (bad != null) {
            return bad;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == ' ') {
                return "a " + role + " cannot contain spaces";
            }
        }
        if (name.length() > Limits.MAX_USERNAME) {
            return "a " + role + " is at most " + Limits.MAX_USERNAME + " characters; this one is " + name.length();
        }
        return null;
    }

    /** P2 and P4: one line of printable ASCII, at most {@code limit} characters. */
    public static String messageProblem(CharSequence text, int limit) {
        if (text == null) {
            return "a message cannot be missing";
        }
        String bad = firstNonAscii(text, "sent");
        if (bad != null) {
            return bad;
        }
        if (text.length() > limit) {
            return String.format("message is %,d characters; the limit is %,d", text.length(), limit);
        }
        return null;
    }

    /** Returns {@code name} if it is a valid user name, else throws with the sentence from {@link #usernameProblem}. */
    public static String requireUsername(String role, String name) {
        String problem = usernameProblem(role, name);
        if (problem != null) {
            throw new InvalidInputException(problem);
        }
        return name;
    }

    /** Returns {@code text} if it is a valid message, else throws with the sentence from {@link #messageProblem}. */
    public static String requireMessage(String text, int limit) {
        String problem = messageProblem(text, limit);
        if (problem != null) {
            throw new InvalidInputException(problem);
        }
        return text;
    }

    private static String firstNonAscii(CharSequence s, String verb) {
        int position = 1;
        for (int i = 0; i < s.length(); position++) {
            int cp = Character.codePointAt(s, i);
            if (!Ascii.isPrintable(cp)) {
                String shown = cp == '\n'
                        ? "a line break"
                        : cp == '\r'
                                ? "a carriage return (CR)"
                                : "'"
                                        + (Character.isISOControl(cp)
                                                        || !Character.isDefined(cp)
                                                        || Character.getType(cp) == Character.FORMAT
                                                ? Ascii.escape(new String(Character.toChars(cp)))
                                                : new String(Character.toChars(cp)))
                                        + "'";
                return "only printable ASCII characters can be " + verb + "; found " + shown + " at position "
                        + position;
            }
            i += Character.charCount(cp);
        }
        return null;
    }
}
