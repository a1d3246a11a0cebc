package dev.verdict.loader;

/** The model artifact formats {@link ModelLoader} reads. */
public enum ModelFormat {
    /** XGBoost JSON ({@code save_model("m.json")}), XGBoost 1.0 to 3.x. */
    XGBOOST_JSON,
    /** XGBoost Universal Binary JSON ({@code .ubj}, the default since 2.1), 1.6 to 3.x. */
    XGBOOST_UBJSON,
    /** XGBoost's legacy binary format ({@code .model}/{@code .bin}, "binf"), 0.x to 3.0. */
    XGBOOST_BINARY,
    /** LightGBM text models ({@code save_model}), v2 to v4. */
    LIGHTGBM_TEXT,
    /** ONNX models, run by ONNX Runtime through FFM (module {@code verdict-onnx}). */
    ONNX;

    /**
     * Recognizes a format from an artifact's first bytes.
     *
     * @param bytes the artifact
     * @return its format
     * @throws ModelFormatException when no format matches
     */
    public static ModelFormat detect(byte[] bytes) {
        if (bytes.length == 0) {
            throw new ModelFormatException("empty model file");
        }
        int i = 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        if (i < bytes.length && bytes[i] == '{') {
            return dev.verdict.loader.internal.xgboost.XGBoostModelReader.isUbjson(bytes)
                    ? XGBOOST_UBJSON : XGBOOST_JSON;
        }
        // An ONNX ModelProto starts with field 1 (ir_version, a small varint): 0x08, then < 0x80.
        if (bytes.length > 2 && bytes[0] == 0x08 && bytes[1] > 0 && bytes[1] < 0x20) {
            return ONNX;
        }
        if (dev.verdict.loader.internal.lightgbm.LightGbmModelReader.looksLikeLightGbm(bytes)) {
            return LIGHTGBM_TEXT;
        }
        if (dev.verdict.loader.internal.xgboost.LegacyBinaryReader.looksLikeLegacyBinary(bytes)) {
            return XGBOOST_BINARY;
        }
        throw new ModelFormatException("unrecognized model format (not XGBoost JSON/UBJSON/binary"
                + ", LightGBM text, or ONNX; first bytes " + hex(bytes) + ")");
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            sb.append(String.format("%02x", bytes[i] & 0xff));
        }
        return sb.toString();
    }
}
