package dev.pigeonhole.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String line(LineFramer f) {
        return new String(f.buffer(), 0, f.length(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void splits_on_line_feed_only_P1() {
        LineFramer f = new LineFramer();
        ByteBuffer in = bytes("READ\nEXIT\r\n");
        assertEquals(LineFramer.Event.LINE, f.next(in, 100));
        assertEquals("READ", line(f));
        assertEquals(LineFramer.Event.LINE, f.next(in, 100));
        assertEquals("EXIT\r", line(f), "CR is part of the line, not of the terminator");
        assertEquals(LineFramer.Event.NEED_MORE, f.next(in, 100));
        assertFalse(f.midLine());
    }

    @Test
    void joins_a_line_split_across_reads_P1() {
        LineFramer f = new LineFramer();
        assertEquals(LineFramer.Event.NEED_MORE, f.next(bytes("COMP"), 100));
        assertTrue(f.midLine());
        assertEquals(LineFramer.Event.LINE, f.next(bytes("OSE bob\n"), 100));
        assertEquals("COMPOSE bob", line(f));
    }

    @Test
    void an_over_long_line_is_reported_at_once_then_skipped_to_its_end_P11() {
        LineFramer f = new LineFramer();
        assertEquals(LineFramer.Event.TOO_LONG, f.next(bytes("0123456789ab"), 10));
        for (int i = 0; i < 1000; i++) {
            assertEquals(LineFramer.Event.NEED_MORE, f.next(bytes("x".repeat(10_000)), 10));
        }
        assertTrue(f.buffer().length <= 128, "skipping holds no bytes");
        ByteBuffer tail = bytes("yyy\nREAD\n");
        assertEquals(LineFramer.Event.SKIPPED, f.next(tail, 10));
        assertEquals(LineFramer.Event.LINE, f.next(tail, 10));
        assertEquals("READ", line(f));
    }

    @Test
    void a_line_of_exactly_the_limit_is_accepted_P11() {
        LineFramer f = new LineFramer();
        assertEquals(LineFramer.Event.LINE, f.next(bytes("x".repeat(10) + "\n"), 10));
        assertEquals(10, f.length());
        assertEquals(LineFramer.Event.TOO_LONG, f.next(bytes("x".repeat(11) + "\n"), 10));
        assertEquals(LineFramer.Event.SKIPPED, f.next(bytes("\n"), 10));
    }

    @Test
    void the_buffer_never_grows_past_the_limit_P11() {
        LineFramer f = new LineFramer();
        for (int i = 0; i < 999; i++) {
            assertEquals(LineFramer.Event.NEED_MORE, f.next(bytes("x"), 1000));
        }
        assertEquals(LineFramer.Event.LINE, f.next(bytes("x\n"), 1000));
        assertEquals(1000, f.length());
        assertTrue(f.buffer().length <= 1000, "capacity " + f.buffer().length);
    }

    @Test
    void direct_buffers_frame_the_same_way() {
        LineFramer f = new LineFramer();
        ByteBuffer in = ByteBuffer.allocateDirect(32)
                .put("READ\nEX".getBytes(StandardCharsets.US_ASCII))
                .flip();
        assertEquals(LineFramer.Event.LINE, f.next(in, 10));
        assertEquals("READ", line(f));
        assertEquals(LineFramer.Event.NEED_MORE, f.next(in, 10));
        assertEquals(LineFramer.Event.LINE, f.next(bytes("IT\n"), 10));
        assertEquals("EXIT", line(f));
    }

    @Test
    void line_reader_reports_clean_end_torn_line_bad_bytes_and_long_lines() throws Exception {
        LineReader r =
                new LineReader(new ByteArrayInputStream("0\nMESSAGE SENT\n".getBytes(StandardCharsets.US_ASCII)), 4);
        assertEquals("0", r.readLine(100));
        assertEquals("MESSAGE SENT", r.readLine(100));
        assertNull(r.readLine(100));

        LineReader torn = new LineReader(new ByteArrayInputStream("MESSAGE".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(EOFException.class, () -> torn.readLine(100));

        LineReader esc = new LineReader(new ByteArrayInputStream("bob\u001b[2J\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(
                "P2",
                assertThrows(ProtocolException.class, () -> esc.readLine(100)).rule());

        LineReader longLine =
                new LineReader(new ByteArrayInputStream("x".repeat(101).getBytes(StandardCharsets.US_ASCII)));
        assertEquals(
                "P11",
                assertThrows(ProtocolException.class, () -> longLine.readLine(100))
                        .rule());
    }
}
