package dev.pigeonhole.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ValidationTest {

    @Test
    void valid_names_and_messages_have_no_problem_P3_P4() {
        assertNull(Validation.usernameProblem("recipient", "bob"));
        assertNull(Validation.usernameProblem("recipient", "!~" + "x".repeat(62)));
        assertNull(Validation.messageProblem("", 4096));
        assertNull(Validation.messageProblem(" spaces anywhere ", 4096));
        assertNull(Validation.messageProblem("x".repeat(4096), 4096));
    }

    @Test
    void a_recipient_with_a_space_is_explained_in_words_P3() {
        assertEquals("a recipient cannot contain spaces", Validation.usernameProblem("recipient", "bob smith"));
        assertEquals("a recipient cannot be empty", Validation.usernameProblem("recipient", ""));
        assertEquals(
                "a user name is at most 64 characters; this one is 65",
                Validation.usernameProblem("user name", "u".repeat(65)));
    }

    @Test
    void non_ascii_is_named_with_its_position_counted_from_one_P2() {
        assertEquals(
                "only printable ASCII characters can be sent; found 'é' at position 4",
                Validation.messageProblem("caf\u00e9", 4096));
        assertEquals(
                "only printable ASCII characters can be sent; found '\\t' at position 2",
                Validation.messageProblem("a\tb", 4096));
        assertEquals(
                "only printable ASCII characters can be sent; found a line break at position 3",
                Validation.messageProblem("ab\ncd", 4096));
        // A CR is not a line break to anyone reading the sentence: the line break is what ends the line.
        assertEquals(
                "only printable ASCII characters can be sent; found a carriage return (CR) at position 3",
                Validation.messageProblem("ab\rcd", 4096));
        // An emoji is one character for a person, though two UTF-16 units for Java.
        assertEquals(
                "only printable ASCII characters can be sent; found '\uD83D\uDE00' at position 2",
                Validation.messageProblem("a\uD83D\uDE00", 4096));
    }

    @Test
    void an_over_long_message_states_both_numbers_P4() {
        assertEquals(
                "message is 5,000 characters; the limit is 4,096", Validation.messageProblem("m".repeat(5000), 4096));
    }

    @Test
    void require_throws_invalid_input_with_the_same_sentence() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> Validation.requireUsername("recipient", "a b"));
        assertEquals("a recipient cannot contain spaces", e.getMessage());
    }
}
