package dev.verdict.core.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CsvCellsTest {
    private static boolean missing(String cell) {
        byte[] b = ("," + cell + ",").getBytes(StandardCharsets.UTF_8);
        boolean fromBytes = CsvCells.isMissing(b, 1, b.length - 1);
        assertEquals(fromBytes, CsvCells.isMissing(cell), "bytes and text agree on '" + cell + "'");
        return fromBytes;
    }

    private static int bool(String cell) {
        byte[] b = ("," + cell + ",").getBytes(StandardCharsets.UTF_8);
        int fromBytes = CsvCells.booleanValue(b, 1, b.length - 1);
        assertEquals(fromBytes, CsvCells.booleanValue(cell), "bytes and text agree on '" + cell + "'");
        return fromBytes;
    }

    @Test
    void missingTokensInAnyCaseWithSpacesAround() {
        for (String cell : new String[] {"", " ", "\t", "NA", "na", "Na", "N/A", "n/a", "NaN", "nan", "NAN", "null",
                "NULL", "Null", " NA ", "\tnull"}) {
            assertEquals(true, missing(cell), "'" + cell + "'");
        }
        for (String cell : new String[] {"0", "N", "N/", "NaNs", "nulls", "none", "-", "n a", "\"\"", "NA1"}) {
            assertEquals(false, missing(cell), "'" + cell + "'");
        }
        for (String token : CsvCells.MISSING_TOKENS) {
            assertEquals(true, missing(token), token);
        }
    }

    @Test
    void booleansInAnyCase() {
        assertEquals(1, bool("true"));
        assertEquals(1, bool(" TRUE"));
        assertEquals(0, bool("False "));
        assertEquals(-1, bool("1"), "digits are numbers, not boolean words");
        assertEquals(-1, bool("yes"));
        assertEquals(-1, bool(""));
    }
}
