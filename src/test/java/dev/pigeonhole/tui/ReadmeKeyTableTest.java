package dev.pigeonhole.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README.md's key table is the {@link KeyMap}, row for row: the docs cannot drift from the keys. */
class ReadmeKeyTableTest {
    static final String START = "<!-- key table: generated from KeyMap, checked by ReadmeKeyTableTest -->";
    static final String END = "<!-- end of key table -->";

    /** The table as the README must have it. */
    static String expected() {
        StringBuilder b = new StringBuilder("| Key | Where | Does |\n|---|---|---|\n");
        for (String[] row : KeyMap.rows()) {
            b.append("| ")
                    .append(row[0])
                    .append(" | ")
                    .append(row[1])
                    .append(" | ")
                    .append(row[2])
                    .append(" |\n");
        }
        return b.toString();
    }

    @Test
    void the_readme_key_table_is_the_key_map() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int a = readme.indexOf(START);
        int b = readme.indexOf(END);
        String table = a < 0 || b < a ? "(markers missing)" : readme.substring(a + START.length() + 1, b);
        assertEquals(expected(), table, "README.md key table; paste this between the markers");
    }
}
