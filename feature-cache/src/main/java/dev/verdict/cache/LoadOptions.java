package dev.verdict.cache;

/**
 * How {@link FeatureWriter#load(java.nio.file.Path, LoadOptions, LoadListener)} treats a CSV
 * file. Immutable; the {@code with}-style method returns a copy.
 *
 * {@snippet class=dev.verdict.cache.Snippets region=loadOptions}
 *
 * @param strictColumns whether a column the group does not have fails the load with a
 *        {@link CsvLoadException} naming it (default false: such columns are ignored, and
 *        {@link LoadResult#ignoredColumns()} names them). Real extracts usually carry more columns
 *        than one feature group holds; a strict load is for pipelines that must notice a renamed
 *        or misspelt feature column.
 */
public record LoadOptions(boolean strictColumns) {
    /** {@return the defaults described on the record components} */
    public static LoadOptions defaults() {
        return new LoadOptions(false);
    }

    /**
     * {@return a copy with it}
     *
     * @param strict whether unknown columns fail the load
     */
    public LoadOptions strictColumns(boolean strict) {
        return new LoadOptions(strict);
    }
}
