package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.googlecode.lanterna.input.DefaultKeyDecodingProfile;
import com.googlecode.lanterna.input.InputDecoder;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The escape delay in front of Lanterna's decoder, and drafts on disk. */
class EscapeDelayInputTest {
    @TempDir
    Path dir;

    private static KeyStroke next(InputDecoder d) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            KeyStroke k = d.getNextCharacter(false);
            if (k != null) {
                return k;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("no key");
    }

    @Test
    void esc_then_a_letter_50ms_later_is_esc_and_the_letter_but_together_they_are_alt() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            PipedOutputStream typed = new PipedOutputStream();
            PipedInputStream in = new PipedInputStream(typed);
            InputDecoder d =
                    new InputDecoder(new InputStreamReader(new EscapeDelayInput(in, 25), StandardCharsets.UTF_8));
            d.addProfile(new DefaultKeyDecodingProfile());
            d.setTimeoutUnits(0);
            typed.write(0x1b);
            typed.flush();
            // The 50 ms count from when the input thread has the ESC, as they would from a terminal's byte
            // arriving: on a loaded machine the thread may take longer than that to read the pipe at all.
            drained(in);
            Thread.sleep(50);
            typed.write('x');
            typed.flush();
            assertEquals(KeyType.Escape, next(d).getKeyType());
            KeyStroke x = next(d);
            assertEquals(Character.valueOf('x'), x.getCharacter());
            assertEquals(false, x.isAltDown(), "the letter is a letter");
            typed.write(new byte[] {0x1b, 'b'}); // Alt-b: one write, as a terminal sends it
            typed.flush();
            KeyStroke alt = next(d);
            assertEquals(Character.valueOf('b'), alt.getCharacter());
            assertEquals(true, alt.isAltDown());
            typed.write(new byte[] {0x1b, '[', 'A'}); // an arrow key
            typed.flush();
            assertEquals(KeyType.ArrowUp, next(d).getKeyType());
            // Line ends not split (icrnl on, or stty failed): Enter and Ctrl-J both arrive as LF, which is Enter.
            typed.write('\n');
            typed.flush();
            assertEquals(KeyType.Enter, next(d).getKeyType());
        });
    }

    @Test
    void with_line_ends_split_enter_is_enter_and_ctrl_j_is_the_line_break_key_but_not_inside_a_paste() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            PipedOutputStream typed = new PipedOutputStream();
            PipedInputStream in = new PipedInputStream(typed);
            EscapeDelayInput input = new EscapeDelayInput(in, 25);
            input.splitLineEnds();
            InputDecoder d = new InputDecoder(new InputStreamReader(input, StandardCharsets.UTF_8));
            d.addProfile(new DefaultKeyDecodingProfile());
            d.addProfile(new BracketedPaste());
            d.setTimeoutUnits(0);
            typed.write('\r'); // Enter, with icrnl off
            typed.flush();
            assertEquals(KeyType.Enter, next(d).getKeyType());
            typed.write('\n'); // Ctrl-J
            typed.flush();
            KeyStroke ctrlJ = next(d);
            assertEquals(KeyType.Character, ctrlJ.getKeyType(), ctrlJ.toString());
            assertEquals(Character.valueOf('j'), ctrlJ.getCharacter());
            assertEquals(true, ctrlJ.isCtrlDown() && ctrlJ.isAltDown(), "Ctrl-Alt-J, like Alt-Enter: " + ctrlJ);
            assertEquals(
                    "Alt-Enter / Ctrl-J",
                    KeyMap.find(ctrlJ, KeyMap.Mode.MSG)
                            .map(KeyMap.Binding::keys)
                            .orElse(""),
                    "the key map's line-break key");
            // A bracketed paste keeps its line ends. The markers come in one write: split across reads with a
            // sleep between, whether Lanterna's decoder still joins them depends on the scheduler (it failed
            // about once in six runs on a loaded machine), and that is Lanterna's timing, not this class's.
            typed.write("\u001b[200~a\nb\r\u001b[201~".getBytes(StandardCharsets.US_ASCII));
            typed.flush();
            assertEquals(true, next(d) instanceof BracketedPaste.Boundary);
            assertEquals(Character.valueOf('a'), next(d).getCharacter());
            assertEquals(KeyType.Enter, next(d).getKeyType());
            assertEquals(Character.valueOf('b'), next(d).getCharacter());
            assertEquals(KeyType.Enter, next(d).getKeyType());
            assertEquals(true, next(d) instanceof BracketedPaste.Boundary);
            typed.write('\n'); // after the paste: Ctrl-J again
            typed.flush();
            assertEquals(true, next(d).isAltDown());
        });
    }

    /** Waits until the input thread has taken everything written so far, as a terminal's bytes would be. */
    private static void drained(PipedInputStream in) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (in.available() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    @Test
    void focus_reports_reach_the_listener_never_the_keys_even_split_across_reads() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            PipedOutputStream typed = new PipedOutputStream();
            PipedInputStream in = new PipedInputStream(typed);
            EscapeDelayInput input = new EscapeDelayInput(in, 200);
            BlockingQueue<Boolean> focus = new LinkedBlockingQueue<>();
            input.onFocus(focus::add);
            InputDecoder d = new InputDecoder(new InputStreamReader(input, StandardCharsets.UTF_8));
            d.addProfile(new DefaultKeyDecodingProfile());
            d.setTimeoutUnits(0);
            // The decoder reads all along, as Lanterna's does, so nothing held back could wait for the test.
            BlockingQueue<KeyStroke> keys = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        keys.add(next(d));
                    }
                } catch (Exception | AssertionError stopped) {
                    // the test is over
                }
            });
            reader.setDaemon(true);
            reader.start();
            typed.write("a\u001b[Ob".getBytes(StandardCharsets.US_ASCII)); // in one read, between two keys
            typed.flush();
            assertEquals(false, focus.poll(5, TimeUnit.SECONDS));
            assertEquals(Character.valueOf('a'), keys.poll(5, TimeUnit.SECONDS).getCharacter());
            assertEquals(
                    Character.valueOf('b'), keys.poll(5, TimeUnit.SECONDS).getCharacter(), "the report is not text");
            for (String[] split : new String[][] {{"\u001b", "[I"}, {"\u001b[", "I"}, {"c\u001b[", "Od"}}) {
                typed.write(split[0].getBytes(StandardCharsets.US_ASCII));
                typed.flush();
                drained(in);
                Thread.sleep(20); // a second read, well inside the escape delay; the decoder is waiting
                typed.write(split[1].getBytes(StandardCharsets.US_ASCII));
                typed.flush();
                assertEquals(!split[1].startsWith("O"), focus.poll(5, TimeUnit.SECONDS));
            }
            assertEquals(Character.valueOf('c'), keys.poll(5, TimeUnit.SECONDS).getCharacter());
            KeyStroke d2 = keys.poll(5, TimeUnit.SECONDS);
            assertEquals(Character.valueOf('d'), d2.getCharacter(), "nothing of the split reports came through: " + d2);
            typed.write(new byte[] {0x1b, '[', 'A'}); // keys still decode as before: an arrow
            typed.flush();
            assertEquals(KeyType.ArrowUp, keys.poll(5, TimeUnit.SECONDS).getKeyType());
            assertEquals(null, focus.poll(), "no report where there was none");
            assertEquals(null, keys.poll(), "no stray key");
        });
    }
}
