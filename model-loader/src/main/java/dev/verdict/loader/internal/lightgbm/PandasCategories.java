package dev.verdict.loader.internal.lightgbm;

import dev.verdict.loader.internal.trees.StoredCategories;
import dev.verdict.loader.internal.xgboost.Document;
import dev.verdict.loader.internal.xgboost.JsonDocumentReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The category dictionaries LightGBM's Python package appends to a model as
 * {@code pandas_categorical:[[…], …]} ({@code _dump_pandas_categorical}: {@code json.dumps} of
 * each pandas categorical column's {@code cat.categories}, in column order): a category's code is
 * its position in its list. A list of numbers only (pandas int or float categories) is a numeric
 * dictionary, whose categories a value is matched to as pandas matches it; any other list is
 * names.
 */
final class PandasCategories {
    private PandasCategories() {
    }

    static List<StoredCategories> parse(String json) {
        // Python writes doubles (repr: shortest round trip), so they are read as doubles, not as
        // XGBoost's float32. An int beyond 2^53 cannot be told apart from its neighbours as a
        // double; pandas categories that large are not expected.
        Document root = new Document(JsonDocumentReader.parse(json.getBytes(StandardCharsets.UTF_8),
                true), "pandas_categorical");
        List<StoredCategories> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            Document column = root.at(i);
            int n = column.size();
            String[] names = new String[n];
            double[] numbers = new double[n];
            boolean allNumbers = true;
            for (int j = 0; j < n; j++) {
                Object v = column.at(j).raw();
                names[j] = v instanceof String s ? s : String.valueOf(v);
                if (v instanceof Long l) {
                    numbers[j] = l;
                } else if (v instanceof Double d) {
                    numbers[j] = d;
                } else {
                    allNumbers = false;
                }
            }
            out.add(allNumbers && n > 0 ? StoredCategories.ofNumbers(numbers)
                    : StoredCategories.ofNames(List.of(names)));
        }
        return out;
    }
}
