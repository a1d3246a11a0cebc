package dev.verdict.loader.internal.lightgbm;

import dev.verdict.loader.internal.xgboost.Document;
import dev.verdict.loader.internal.xgboost.JsonDocumentReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The category dictionaries LightGBM's Python package appends to a model as
 * {@code pandas_categorical:[[…], …]}: one list per pandas categorical column, in column order;
 * a category's code is its position in the list.
 */
final class PandasCategories {
    private PandasCategories() {
    }

    static List<String[]> parse(String json) {
        Document root = new Document(JsonDocumentReader.parse(json.getBytes(StandardCharsets.UTF_8)),
                "pandas_categorical");
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            Document column = root.at(i);
            String[] names = new String[column.size()];
            for (int j = 0; j < names.length; j++) {
                Object v = column.at(j).raw();
                names[j] = v instanceof String s ? s : String.valueOf(v);
            }
            out.add(names);
        }
        return out;
    }
}
