package dev.verdict.core.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
    /** Every record of {@code text} as its line number followed by its fields. */
    static List<List<String>> records(String text) throws IOException {
        List<List<String>> all = new ArrayList<>();
        try (CsvReader csv = new CsvReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv")) {
            while (csv.next()) {
                List<String> r = new ArrayList<>();
                r.add(Long.toString(csv.line()));
                r.addAll(csv.texts());
                all.add(r);
            }
        }
        return all;
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() throws IOException {
        assertEquals(List.of(
                List.of("1", "a", "b,c", "d\"e", "", ""),
                List.of("2", "x\"y", "\"", "z"),
                List.of("3", "one\ntwo\n\nthree", "after"),
                List.of("7", "last")),
                records("a,\"b,c\",\"d\"\"e\",\"\",\n"
                        + "x\"y,\"\"\"\",z\r\n"
                        + "\"one\r\ntwo\n\nthree\",after\n"
                        + "last"));
    }

    @Test
    void byteOrderMarkBlankLinesAndLineEndsAreNotData() throws IOException {
        assertEquals(List.of(List.of("1", "id", "x"), List.of("3", "1", "2"), List.of("5", "3", "")),
                records("\uFEFFid,x\r\n\r\n1,2\r\n\n3,\r"));
        assertEquals(List.of(List.of("1", "\uFEFFid")), records("\"\uFEFFid\""),
                "a BOM inside a quoted first field is the field's");
    }

    @Test
    void fieldsAreByteRangesOfOneReusedBuffer() throws IOException {
        try (CsvReader csv = new CsvReader(new ByteArrayInputStream("12,\"3,4\"\n".getBytes(StandardCharsets.UTF_8)),
                "t.csv")) {
            assertTrue(csv.next());
            assertEquals(2, csv.fields());
            assertEquals("12", new String(csv.bytes(), csv.start(0), csv.end(0) - csv.start(0), StandardCharsets.UTF_8));
            assertEquals(3, csv.end(1) - csv.start(1));
            assertFalse(csv.next());
        }
    }

    @Test
    void recordsAndQuotedLineBreaksAcrossTheReadBufferKeepTheirLineNumbers() throws IOException {
        StringBuilder text = new StringBuilder();
        int n = 0;
        while (text.length() < (1 << 20) - 5) {
            text.append(n++).append(",v\n");
        }
        text.append("\"spans\nthe\nbuffer\",x\nend,y\n");
        List<List<String>> all = records(text.toString());
        assertEquals(n + 2, all.size());
        assertEquals(List.of(Integer.toString(n + 1), "spans\nthe\nbuffer", "x"), all.get(n));
        assertEquals(List.of(Integer.toString(n + 4), "end", "y"), all.get(n + 1));
    }

    @Test
    void malformedRecordsAreErrorsNamingFileLineAndColumn() {
        CsvFormatException unclosed = assertThrows(CsvFormatException.class,
                () -> records("a,b\n1,2\n3,\"open\nnever closed\n"));
        assertEquals(3, unclosed.line());
        assertEquals(2, unclosed.column());
        assertTrue(unclosed.getMessage().startsWith("t.csv, line 3, column 2: a quoted field is never closed"),
                unclosed.getMessage());
        CsvFormatException after = assertThrows(CsvFormatException.class, () -> records("a,b\n\"x\"y,2\n"));
        assertEquals(2, after.line());
        assertEquals(1, after.column());
        assertTrue(after.getMessage().contains("after the closing quote"), after.getMessage());
    }

    @Test
    void aQuoteThatIsNeverClosedStopsAtTheRecordLimitInsteadOfReadingTheWholeFile() {
        InputStream endless = new InputStream() {
            long served;

            @Override
            public int read() {
                return served++ == 0 ? '"' : (served % 64 == 0 ? '\n' : 'x');
            }

            @Override
            public int read(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) {
                    b[off + i] = (byte) read();
                }
                return len;
            }
        };
        CsvReader csv = new CsvReader(endless, "endless.csv");
        CsvFormatException e = assertThrows(CsvFormatException.class, csv::next);
        assertTrue(e.getMessage().startsWith("endless.csv, line 1: a record longer than 64 MiB"), e.getMessage());
    }
}
