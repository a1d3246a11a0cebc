package dev.verdict.loader.internal.trees;

import java.util.List;

/**
 * A categorical feature's dictionary as an artifact stores it, in code order: names, or numbers
 * (pandas int and float categories). Exactly one of the two is non-null.
 *
 * @param names the category names, or null
 * @param numbers the category values, or null
 */
public record StoredCategories(List<String> names, double[] numbers) {
    /**
     * @param names category names, code order
     * @return the dictionary
     */
    public static StoredCategories ofNames(List<String> names) {
        return new StoredCategories(List.copyOf(names), null);
    }

    /**
     * @param numbers category values, code order
     * @return the dictionary
     */
    public static StoredCategories ofNumbers(double[] numbers) {
        return new StoredCategories(null, numbers.clone());
    }

    /** @return how many categories there are */
    int size() {
        return names != null ? names.size() : numbers.length;
    }
}
