package dev.verdict.samples.cli;

import dev.verdict.core.Feature;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureType;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.InvalidFeatureValueException;
import dev.verdict.core.Model;
import dev.verdict.core.csv.CsvCells;
import dev.verdict.core.csv.CsvReader;
import java.util.List;

/**
 * Maps CSV columns onto a model's features: by name when the model stores names (extra columns
 * are ignored; a missing feature column is an error naming it), else the first N columns.
 * Missing cells and booleans follow {@link CsvCells}, the rule the feature cache's bulk load
 * follows too (empty, {@code NA}, {@code N/A}, {@code NaN}, {@code null} are missing;
 * {@code true}/{@code false} are 1/0); other cells are doubles, and categorical values are codes,
 * or categories from the model's stored dictionary: names, or numbers when the categories are
 * numbers (pandas numeric categories, matched by value as pandas matches them: {@code 70} and
 * {@code 70.0} are one category). A category the dictionary does not list is missing for LightGBM
 * (as its Python package makes it) and an error for XGBoost (which rejects it).
 */
final class RowMapper {
    /** What an unseen category name becomes. */
    enum UnseenCategory {
        /** XGBoost refuses categories it was not trained on. */
        ERROR,
        /** LightGBM's Python package turns them into missing values. */
        MISSING
    }

    private final FeatureSchema schema;
    private final int[] column;
    private final UnseenCategory unseen;

    RowMapper(Model model, List<String> header) {
        this.schema = model.inputSchema();
        this.column = new int[schema.size()];
        this.unseen = model.info().format().startsWith("lightgbm") ? UnseenCategory.MISSING
                : UnseenCategory.ERROR;
        if (model.hasFeatureNames()) {
            for (int f = 0; f < schema.size(); f++) {
                column[f] = header.indexOf(schema.name(f));
                if (column[f] < 0) {
                    throw new IllegalArgumentException("the input has no column '" + schema.name(f)
                            + "', which the model needs (header: " + abbreviate(header) + ")");
                }
            }
        } else {
            if (header.size() < schema.size()) {
                throw new IllegalArgumentException("the model reads " + schema.size()
                        + " unnamed features from the first columns, but the input has only "
                        + header.size() + " columns");
            }
            for (int f = 0; f < schema.size(); f++) {
                column[f] = f;
            }
        }
    }

    /**
     * Fills {@code into} from the reader's current record.
     *
     * @throws dev.verdict.core.csv.CsvFormatException naming the line, column and feature when a
     *         cell cannot be read
     */
    void fill(CsvReader record, FeatureVector into) {
        if (record.fields() <= maxColumn()) {
            throw record.error("has " + record.fields() + " fields, expected at least " + (maxColumn() + 1), -1);
        }
        into.clear();
        for (int f = 0; f < column.length; f++) {
            int c = column[f];
            if (record.isMissing(c)) {
                continue;
            }
            int word = record.booleanValue(c);
            try {
                into.set(f, word >= 0 ? word : value(f, record.text(c).trim()));
            } catch (IllegalArgumentException | InvalidFeatureValueException e) {
                throw record.error(e.getMessage(), c);
            }
        }
    }

    private double value(int f, String cell) {
        Feature feature = schema.feature(f);
        if (feature.type() == FeatureType.CATEGORICAL && !feature.categories().isEmpty()) {
            if (feature.numericCategories()) {
                int code = schema.categoryCode(f, number(f, cell));
                return code >= 0 ? code : unseen(f, cell);
            }
            int code = schema.categoryCode(f, cell);
            if (code >= 0) {
                return code;
            }
            // A number in a column of named categories is a code when it is one.
            double v = looksNumeric(cell) ? Double.parseDouble(cell) : Double.NaN;
            if (v >= 0 && v < feature.categories().size() && v == Math.rint(v)) {
                return v;
            }
            return unseen(f, cell);
        }
        return number(f, cell);
    }

    private double unseen(int f, String cell) {
        if (unseen == UnseenCategory.MISSING) {
            return Double.NaN;
        }
        throw new IllegalArgumentException("feature '" + schema.name(f) + "': category '"
                + cell + "' was not seen in training (XGBoost rejects unseen categories)");
    }

    private double number(int f, String cell) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("feature '" + schema.name(f) + "': '" + cell
                    + "' is not a number");
        }
    }

    private static boolean looksNumeric(String cell) {
        try {
            Double.parseDouble(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private int maxColumn() {
        int max = 0;
        for (int c : column) {
            max = Math.max(max, c);
        }
        return max;
    }

    private static String abbreviate(List<String> header) {
        return header.size() <= 8 ? header.toString() : header.subList(0, 8) + "… (" + header.size() + " columns)";
    }
}
