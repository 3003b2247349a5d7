package dev.pigeonhole.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** --max-memory takes sizes as -Xmx does, or a share of the heap. */
class SizeConverterTest {
    private static final long HEAP = 1000L << 20;

    @ParameterizedTest(name = "{0} is {1} bytes")
    @CsvSource({
        "524288, 524288",
        "512k, 524288",
        "64m, 67108864",
        "64M, 67108864",
        "64MiB, 67108864",
        "1g, 1073741824",
        "40%, 419430400",
        "100%, 1048576000"
    })
    void sizes_are_read_as_binary_multiples_or_a_share_of_the_heap(String text, long bytes) {
        assertEquals(bytes, SizeConverter.parse(text, HEAP));
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"", "m", "-1m", "1.5g", "0%", "101%", "12x", "99999999999999g"})
    void anything_else_is_refused_with_examples(String text) {
        assertThrows(TypeConversionException.class, () -> SizeConverter.parse(text, HEAP));
    }
}
