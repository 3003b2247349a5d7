package dev.pigeonhole.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyTest {

    @Test
    void parses_the_expected_replies_P5_P7_P8() throws ProtocolException {
        assertEquals(0, Reply.parseCount("0"));
        assertEquals(123456, Reply.parseCount("123456"));
        assertEquals(Reply.ComposeStatus.SENT, Reply.parseComposeStatus("MESSAGE SENT"));
        assertEquals(Reply.ComposeStatus.FAILED, Reply.parseComposeStatus("MESSAGE FAILED"));
        assertNull(Reply.parseSender("READ ERROR"));
        assertEquals("bob", Reply.parseSender("bob"));
        assertEquals("Hi Alice!", Reply.parseMessageText("Hi Alice!", 4096));
    }

    @Test
    void a_count_is_any_decimal_that_fits_a_long_P5() throws ProtocolException {
        assertEquals(Long.MAX_VALUE, Reply.parseCount("9223372036854775807"));
        assertEquals(7, Reply.parseCount("007"));
    }

    @ParameterizedTest(name = "P10: [{0}] is not a count")
    @ValueSource(
            strings = {
                "",
                "-1",
                "+1",
                "1 ",
                " 1",
                "one",
                "1e3",
                "0x10",
                "9999999999999999999",
                "9223372036854775808",
                "00000000000000000000000000000000000000001"
            })
    void a_non_number_after_login_is_an_error_P10(String line) {
        assertThrows(ProtocolException.class, () -> Reply.parseCount(line));
    }

    @ParameterizedTest(name = "P10: [{0}] is not a compose status")
    @ValueSource(strings = {"", "MESSAGE  SENT", "message sent", "MESSAGE SENT ", "OK"})
    void an_unknown_status_is_an_error_P10(String line) {
        assertThrows(ProtocolException.class, () -> Reply.parseComposeStatus(line));
    }

    @Test
    void a_sender_with_a_space_is_an_error_P3_P10() {
        assertThrows(ProtocolException.class, () -> Reply.parseSender("bob smith"));
        assertThrows(ProtocolException.class, () -> Reply.parseSender(""));
    }
}
