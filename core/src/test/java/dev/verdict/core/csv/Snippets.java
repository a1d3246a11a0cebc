package dev.verdict.core.csv;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The CSV package's Javadoc example, compiled with the tests. */
@SuppressWarnings("unused")
final class Snippets {
    private Snippets() {
    }

    static void read(Path file) throws IOException {
        // @start region=read
        try (CsvReader csv = CsvReader.open(file)) {
            List<String> header = csv.next() ? csv.texts() : List.of();
            while (csv.next()) {
                if (!csv.isMissing(2)) {
                    double income = Double.parseDouble(csv.text(2));
                }
            }
        }
        // @end
    }
}
