package dev.verdict.cache;

/** How a feature's value is stored in a record: every value takes four bytes. */
public enum ValueType {
    /** An IEEE 754 float32; NaN is not stored (an absent value has its presence bit cleared). */
    FLOAT32,
    /** A signed 32-bit integer. */
    INT32,
    /** A non-negative 32-bit category code. */
    CATEGORICAL,
    /** {@code true}/{@code false}, stored as 1/0. */
    BOOLEAN;

    static ValueType parse(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "float32", "float" -> FLOAT32;
            case "int32", "int" -> INT32;
            case "categorical", "category" -> CATEGORICAL;
            case "boolean", "bool" -> BOOLEAN;
            default -> throw new IllegalArgumentException("unknown feature type '" + text
                    + "' (expected float32, int32, categorical or boolean)");
        };
    }

    String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
