package dev.pigeonhole.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pigeonhole.testing.JsonLiteral;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The wire form read by a decoder that shares no code with ours: Python's {@code email.header}
 * ({@code decode_header} then {@code make_header}), as a mail client would read the same encoded-words.
 */
class WireTextInteropTest {
    /** Reads one wire line per input line, prints the decoded text with every non-ASCII character escaped. */
    private static final String PYTHON = String.join(
            "\n",
            "import sys, json",
            "from email.header import decode_header, make_header",
            "for line in sys.stdin.buffer.read().decode('ascii').split('\\n')[:-1]:",
            "    print(json.dumps(str(make_header(decode_header(line)))))");

    @Test
    void python_email_header_decodes_what_we_encode_to_the_same_text() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(List.of(
                "Lunch at the café?",
                "it’s fine",
                "“quoted” — naïve 你好 🙂",
                "line1\nline2\n\tindented",
                "  leading spaces and é",
                "trailing é  ",
                "=?utf-8?q?typed_by_hand?=",
                "👩‍💻👍🏽🇫🇷 e\u0301 " + "é".repeat(80)));
        for (int i = 0; i < 300; i++) {
            texts.add(RandomText.text(random, 40));
        }
        List<String> decoded = python(texts.stream().map(WireText::encode).toList());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            assertEquals(text, decoded.get(i), "seed " + seed + ", text " + i + ", wire " + WireText.encode(text));
        }
    }

    private static List<String> python(List<String> wires) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", PYTHON)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not installed: " + e.getMessage());
            throw e;
        }
        try (OutputStream in = p.getOutputStream()) {
            for (String w : wires) {
                in.write((w + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(0, p.exitValue(), "python3 failed");
        List<String> decoded = new ArrayList<>();
        for (String line : out.split("\n")) {
            decoded.add(JsonLiteral.parse(line));
        }
        return decoded;
    }
}
