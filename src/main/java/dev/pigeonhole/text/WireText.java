package dev.pigeonhole.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.CodecPolicy;
import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.net.BCodec;
import org.apache.commons.codec.net.QCodec;

/**
 * Any text as one protocol message (P2, P4: one line of printable ASCII), and back: the text convention
 * of {@code src/docs/protocol.md}, RFC 2047 encoded-words in UTF-8.
 *
 * <p>{@link #encode}: printable ASCII comes back unchanged, byte for byte, unless it contains {@code =?}
 * (which could start an encoded-word: such a word is encoded, so that it decodes back to what was
 * typed). Otherwise each run of space-separated words that need it (a character outside printable ASCII,
 * a tab or line break, or {@code =?}) becomes encoded-words, and the words around it stay as typed;
 * two runs of one encoding separated by only a few plain characters are joined, and leading spaces go inside the first
 * encoded-word (some decoders, Python's among them, strip them). A word is Q-encoded ({@code caf=C3=A9},
 * readable where the text is mostly Latin) unless B (base64) is more than a third shorter, as it is for
 * CJK; a short word without ASCII letters or digits (a dash, an emoji) goes as the word before it, and
 * where the encoding changes, the spaces between end the first run. Each encoded-word is at most 75 characters and ends between two grapheme clusters (between two
 * code points for a cluster too long for one word); adjacent encoded-words are separated by one space,
 * which decoding drops. The result is printable ASCII and never holds CR or LF.
 *
 * <p>{@link #decode}: every encoded-word in any charset Java knows, B or Q, wherever it stands;
 * whitespace between two adjacent encoded-words dropped (RFC 2047 section 6.2); the bytes of adjacent
 * encoded-words in one charset are decoded together, so a character split between two words by another
 * encoder survives. Something that looks like an encoded-word but does not decode (unknown charset, bad
 * base64 or Q, bytes that are not valid in the charset) is left exactly as received. Never throws.
 * {@code decode(encode(s)).equals(s)} for every string, lone surrogates excepted (they have no UTF-8 form
 * and become {@code ?}).
 *
 * <p>The encoding of single words is commons-codec's ({@link QCodec}, {@link BCodec}); this class adds the
 * policy: what to encode, where to split, and the strictness of decoding.
 */
public final class WireText {
    /** The longest encoded-word RFC 2047 allows (section 2). */
    public static final int MAX_WORD = 75;

    private static final String CHARSET = "UTF-8";
    private static final int Q_ROOM = MAX_WORD - "=?UTF-8?Q??=".length();
    /** Bytes in one B word: four base64 characters per three bytes. */
    private static final int B_ROOM = (MAX_WORD - "=?UTF-8?B??=".length()) / 4 * 3;
    /**
     * Plain text between two encoded runs that is shorter than this joins them: closing one word and
     * opening the next ({@code ?= =?UTF-8?Q?}) would cost more than encoding it.
     */
    private static final int JOIN_GAP = "?= =?UTF-8?Q?".length();

    /** An encoded-word: charset (an RFC 2231 language suffix allowed), encoding, encoded text. */
    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s*]+)(?:\\*[^?\\s]*)?\\?([BbQq])\\?([^?\\s]*)\\?=");

    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");

    private static final Words WORDS = new Words();

    private WireText() {}

    /** {@code text} as a message line: see the class comment. */
    public static String encode(String text) {
        if (isPlain(text)) {
            return text;
        }
        List<int[]> tokens = tokens(text);
        boolean[] needs = new boolean[tokens.size()];
        for (int t = 0; t < needs.length; t++) {
            needs[t] = !isPlain(text.substring(tokens.get(t)[0], tokens.get(t)[1]));
        }
        if (!tokens.isEmpty() && tokens.get(0)[0] > 0) {
            needs[0] = true; // leading spaces: inside the first encoded-word, where no decoder strips them
        }
        // Runs: [start, end, Q?] of consecutive words that need encoding and prefer one encoding. Where the
        // encoding changes between two words, the spaces between them end the first run (encoded, since the
        // space between two encoded-words is dropped on decoding).
        List<int[]> runs = new ArrayList<>();
        int before = -1; // the encoding of the word before, if it is in a run: 1 for Q, 0 for B
        for (int t = 0; t < needs.length; t++) {
            if (!needs[t]) {
                before = -1;
                continue;
            }
            int start = t == 0 ? 0 : tokens.get(t)[0];
            int q = prefersQ(text.substring(tokens.get(t)[0], tokens.get(t)[1]), before) ? 1 : 0;
            int[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (before == q) {
                last[1] = tokens.get(t)[1];
            } else {
                if (before >= 0) {
                    last[1] = start;
                }
                runs.add(new int[] {start, tokens.get(t)[1], q});
            }
            before = q;
        }
        // Join two runs of one encoding separated by less plain text than a word's frame costs.
        List<int[]> joined = new ArrayList<>();
        for (int[] run : runs) {
            int[] previous = joined.isEmpty() ? null : joined.get(joined.size() - 1);
            if (previous != null && previous[2] == run[2] && run[0] - previous[1] < JOIN_GAP) {
                previous[1] = run[1];
            } else {
                joined.add(run);
            }
        }
        StringBuilder out = new StringBuilder(text.length() * 2);
        int written = 0; // index in text up to which everything is in out
        for (int[] run : joined) {
            if (run[0] == written && out.length() > 0) {
                out.append(' '); // two runs of different encodings meet: their words need a space between
            }
            out.append(text, written, run[0]);
            encodeRun(text.substring(run[0], run[1]), run[2] == 1, out);
            written = run[1];
        }
        return out.append(text, written, text.length()).toString();
    }

    /** The length of {@code encode(text)}: what the server's message limit counts. */
    public static int wireLength(String text) {
        return encode(text).length();
    }

    /**
     * Whether {@code text} fits a message limit of {@code maxWireChars} once encoded, and if not, how much
     * of it does.
     */
    public static Fit fit(String text, int maxWireChars) {
        int wire = wireLength(text);
        int characters = text.codePointCount(0, text.length());
        if (wire <= maxWireChars) {
            return new Fit(wire, maxWireChars, characters, characters, text.length());
        }
        // Each character takes at least one on the wire: only the first maxWireChars + 1 can matter.
        List<Integer> ends = new ArrayList<>();
        ends.add(0);
        for (int i = 0, cps = 0; i < text.length() && cps <= maxWireChars; ) {
            int end = Graphemes.end(text, i);
            cps += Character.codePointCount(text, i, end);
            ends.add(end);
            i = end;
        }
        // The longest prefix of whole clusters that fits, by bisection: the encoded length grows with the prefix.
        int lo = 0;
        int hi = ends.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (wireLength(text.substring(0, ends.get(mid))) <= maxWireChars) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int length = maxWireChars < 0 ? 0 : ends.get(lo);
        return new Fit(wire, maxWireChars, characters, text.codePointCount(0, length), length);
    }

    /**
     * How {@code text} measures against a message limit. Characters are code points.
     *
     * @param wireLength        characters on the wire, once encoded
     * @param maxWireChars      the limit it was measured against
     * @param characters        characters in the text
     * @param fittingCharacters characters of the longest prefix (of whole grapheme clusters) that fits
     * @param fittingLength     that prefix's length in UTF-16 units, {@code text.substring(0, fittingLength)}
     */
    public record Fit(int wireLength, int maxWireChars, int characters, int fittingCharacters, int fittingLength) {
        /** Whether the whole text fits. */
        public boolean fits() {
            return wireLength <= maxWireChars;
        }

        /** Characters to remove for the text to fit (0 when it fits). */
        public int excess() {
            return characters - fittingCharacters;
        }

        /**
         * Null when the text fits, else one sentence for the person who wrote it, for example {@code "message
         * is 12 characters too long: encoded for the wire it takes 4,120 characters and the limit is
         * 4,096; the first 4,080 characters fit"}.
         */
        public String problem() {
            if (fits()) {
                return null;
            }
            return String.format(
                    "message is %,d character%s too long: encoded for the wire it takes %,d characters and the"
                            + " limit is %,d; the first %,d characters fit",
                    excess(), excess() == 1 ? "" : "s", wireLength, maxWireChars, fittingCharacters);
        }
    }

    /** {@code wire} with its encoded-words decoded: see the class comment. */
    public static String decode(String wire) {
        if (wire.indexOf("=?") < 0) {
            return wire;
        }
        List<Found> found = new ArrayList<>();
        Matcher m = WORD.matcher(wire);
        while (m.find()) {
            found.add(new Found(m.start(), m.end(), m.group(1), m.group(2), m.group(3)));
        }
        String[] decoded = new String[found.size()];
        for (int k = 0; k < found.size(); ) {
            // A group: adjacent words (only whitespace between) in one charset, decoded as one byte string.
            int last = k;
            while (last + 1 < found.size()
                    && found.get(last + 1).charset.equalsIgnoreCase(found.get(k).charset)
                    && wire.substring(found.get(last).end, found.get(last + 1).start)
                            .isBlank()) {
                last++;
            }
            decodeGroup(found.subList(k, last + 1), decoded, k);
            k = last + 1;
        }
        StringBuilder out = new StringBuilder(wire.length());
        int written = 0;
        for (int k = 0; k < found.size(); k++) {
            Found f = found.get(k);
            String gap = wire.substring(written, f.start);
            boolean adjacent = k > 0 && decoded[k - 1] != null && decoded[k] != null && gap.isBlank();
            if (!adjacent) {
                out.append(gap);
            }
            out.append(decoded[k] != null ? decoded[k] : wire.substring(f.start, f.end));
            written = f.end;
        }
        return out.append(wire, written, wire.length()).toString();
    }

    private record Found(int start, int end, String charset, String encoding, String text) {}

    /** Fills {@code decoded[at..]} for the group: its text in the first slot, "" in the others; null = raw. */
    private static void decodeGroup(List<Found> group, String[] decoded, int at) {
        Charset charset = charset(group.get(0).charset);
        if (charset == null) {
            return;
        }
        byte[][] bytes = new byte[group.size()][];
        int total = 0;
        for (int k = 0; k < group.size(); k++) {
            bytes[k] = bytes(group.get(k));
            total += bytes[k] == null ? 0 : bytes[k].length;
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        boolean whole = true;
        for (byte[] b : bytes) {
            if (b == null) {
                whole = false;
                break;
            }
            all.put(b);
        }
        String together = whole ? text(all.flip(), charset) : null;
        if (together != null) {
            decoded[at] = together;
            for (int k = 1; k < group.size(); k++) {
                decoded[at + k] = "";
            }
            return;
        }
        for (int k = 0; k < group.size(); k++) {
            decoded[at + k] = bytes[k] == null ? null : text(ByteBuffer.wrap(bytes[k]), charset);
        }
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) { // illegal or unsupported name
            return null;
        }
    }

    /** The bytes an encoded-word's text stands for, or null if it is not valid B or Q. */
    private static byte[] bytes(Found f) {
        byte[] ascii = f.text.getBytes(StandardCharsets.US_ASCII);
        try {
            if (f.encoding.equalsIgnoreCase("B")) {
                if (!BASE64.matcher(f.text).matches() || f.text.length() % 4 == 1) {
                    return null;
                }
                return WORDS.b.decode(ascii);
            }
            for (byte b : ascii) {
                if (b < 0x21 || b > 0x7E) {
                    return null; // the matcher let a non-ASCII character through
                }
            }
            return WORDS.q.decode(ascii);
        } catch (DecoderException | IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code bytes} in {@code charset}, or null if they are not valid there. */
    private static String text(ByteBuffer bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Printable ASCII without {@code =?}: goes on the wire as it is. */
    private static boolean isPlain(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || (c == '=' && i + 1 < n && s.charAt(i + 1) == '?')) {
                return false;
            }
        }
        return true;
    }

    /** [start, end) of each maximal run of characters other than the space. */
    private static List<int[]> tokens(String text) {
        List<int[]> tokens = new ArrayList<>();
        for (int i = 0, n = text.length(); i < n; ) {
            if (text.charAt(i) == ' ') {
                i++;
                continue;
            }
            int end = text.indexOf(' ', i);
            end = end < 0 ? n : end;
            tokens.add(new int[] {i, end});
            i = end;
        }
        return tokens;
    }

    /**
     * Whether a word that needs encoding goes as Q, which keeps ASCII letters readable: unless B is more
     * than a third shorter. A short word without ASCII letters or digits (a dash, an emoji, two CJK
     * characters) follows the word before it, so one sentence is not cut into many encoded-words.
     */
    private static boolean prefersQ(String word, int before) {
        boolean readable = false;
        for (int i = 0; i < word.length() && !readable; i++) {
            char c = word.charAt(i);
            readable = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
        if (!readable && before >= 0 && word.codePointCount(0, word.length()) <= 3) {
            return before == 1;
        }
        int q = size(word, 0, word.length(), true);
        int b = (size(word, 0, word.length(), false) + 2) / 3 * 4;
        return 2 * q <= 3 * b;
    }

    /** Appends {@code run} as encoded-words, one space between two. */
    private static void encodeRun(String run, boolean useQ, StringBuilder out) {
        int room = useQ ? Q_ROOM : B_ROOM;
        int wordStart = 0;
        int used = 0;
        for (int i = 0, n = run.length(); i < n; ) {
            int end = Graphemes.end(run, i);
            int size = size(run, i, end, useQ);
            // A cluster that fits in a word is placed whole; one too long for any word, code point by code point.
            boolean split = size > room;
            for (int j = i; j < end; ) {
                int next = split ? j + Character.charCount(run.codePointAt(j)) : end;
                int piece = split ? size(run, j, next, useQ) : size;
                if (used + piece > room && j > wordStart) {
                    flush(run, wordStart, j, useQ, out);
                    wordStart = j;
                    used = 0;
                }
                used += piece;
                j = next;
            }
            i = end;
        }
        flush(run, wordStart, run.length(), useQ, out);
    }

    /**
     * Characters (Q) or bytes (B) {@code s[from, to)} takes in an encoded-word, counted without encoding it:
     * Q keeps printable ASCII but {@code = ? _} as one character (a space becomes {@code _}) and writes any
     * other byte as {@code =XX}, as commons-codec's QCodec does ({@code WireTextTest} holds them to it).
     */
    static int size(CharSequence s, int from, int to, boolean useQ) {
        int size = 0;
        for (int i = from; i < to; ) {
            int cp = Character.codePointAt(s, i);
            i += Character.charCount(cp);
            int bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (!useQ) {
                size += bytes;
            } else if (cp < 0x80) {
                size += cp >= 0x20 && cp < 0x7F && cp != '=' && cp != '?' && cp != '_' ? 1 : 3;
            } else {
                size += 3 * bytes;
            }
        }
        return size;
    }

    private static void flush(String run, int from, int to, boolean useQ, StringBuilder out) {
        if (from > 0) {
            out.append(' ');
        }
        byte[] bytes = run.substring(from, to).getBytes(StandardCharsets.UTF_8);
        out.append("=?").append(CHARSET).append(useQ ? "?Q?" : "?B?");
        byte[] encoded = useQ ? WORDS.q.encode(bytes) : WORDS.b.encode(bytes);
        out.append(new String(encoded, StandardCharsets.US_ASCII)).append("?=");
    }

    /**
     * commons-codec's Q and B transforms of one word's bytes, without the {@code =?charset?X?...?=} frame,
     * which this class writes and parses itself (the codecs' own framing decodes leniently). Both are
     * stateless once built, so one instance serves every thread.
     */
    private static final class Words {
        final ByteQ q = new ByteQ();
        final ByteB b = new ByteB();
    }

    private static final class ByteQ extends QCodec {
        ByteQ() {
            super(StandardCharsets.UTF_8);
            setEncodeBlanks(true);
        }

        byte[] encode(byte[] bytes) {
            return doEncoding(bytes);
        }

        byte[] decode(byte[] bytes) throws DecoderException {
            return doDecoding(bytes);
        }
    }

    private static final class ByteB extends BCodec {
        ByteB() {
            super(StandardCharsets.UTF_8, CodecPolicy.LENIENT);
        }

        byte[] encode(byte[] bytes) {
            return doEncoding(bytes);
        }

        byte[] decode(byte[] bytes) throws DecoderException {
            return doDecoding(bytes);
        }
    }
}
