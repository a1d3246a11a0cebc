package dev.verdict.loader;

import dev.verdict.core.Model;
import dev.verdict.core.ModelLoadException;
import dev.verdict.loader.lightgbm.LightGbmModelReader;
import dev.verdict.loader.onnx.OnnxModel;
import dev.verdict.loader.onnx.OnnxOptions;
import dev.verdict.loader.xgboost.LegacyBinaryReader;
import dev.verdict.loader.xgboost.XGBoostModelReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads XGBoost and LightGBM model files into {@link Model}s that score with Verdict's pure-Java
 * tree engine and give exactly the native library's answers.
 *
 * {@snippet :
 * Model model = ModelLoader.load(Path.of("credit.json"));        // format detected from content
 * Scorer scorer = model.newScorer();                             // one per thread
 * FeatureVector row = model.inputSchema().newVector();
 * ScoreBuffer out = new ScoreBuffer(model.outputs());
 * row.set(model.inputSchema().indexOf("income"), 72_000);
 * scorer.score(row, out);
 * double probability = out.score();
 * }
 *
 * <p>The format is recognized from the content, not the file name: XGBoost JSON, UBJSON and the
 * legacy binary format, LightGBM text, and ONNX (with default {@link OnnxOptions}; use
 * {@link OnnxModel#load(Path, OnnxOptions)} to choose threads, optimization or feature names). A file that is unreadable, truncated, malformed or
 * inconsistent throws {@link ModelLoadException} (usually {@link ModelFormatException}) naming
 * the location and the problem; nothing half-loaded is ever returned.
 */
public final class ModelLoader {
    /** Larger artifacts are refused rather than read into memory. */
    static final long MAX_BYTES = 2L << 30;

    private ModelLoader() {
    }

    /**
     * @param path a model file
     * @return the model, using every stored tree
     * @throws ModelLoadException if the file cannot be read or is not a valid model
     */
    public static Model load(Path path) {
        return load(path, LoadOptions.defaults());
    }

    /**
     * @param path a model file
     * @param options how to load it
     * @return the model
     * @throws ModelLoadException if the file cannot be read or is not a valid model
     */
    public static Model load(Path path, LoadOptions options) {
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new ModelLoadException(path + ": " + size + " bytes is larger than the "
                        + MAX_BYTES + " bytes Verdict loads");
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ModelLoadException(path + ": cannot read: " + e, e);
        }
        try {
            return load(bytes, options);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param bytes a model artifact
     * @param options how to load it
     * @return the model
     * @throws ModelFormatException if the bytes are not a valid model
     */
    public static Model load(byte[] bytes, LoadOptions options) {
        return load(bytes, ModelFormat.detect(bytes), options);
    }

    /**
     * @param bytes a model artifact
     * @param format its format
     * @param options how to load it
     * @return the model
     * @throws ModelFormatException if the bytes are not a valid model of that format
     */
    public static Model load(byte[] bytes, ModelFormat format, LoadOptions options) {
        try {
            return switch (format) {
                case XGBOOST_JSON, XGBOOST_UBJSON -> XGBoostModelReader.read(bytes, options);
                case XGBOOST_BINARY -> LegacyBinaryReader.read(bytes, options);
                case LIGHTGBM_TEXT -> LightGbmModelReader.read(bytes, options);
                case ONNX -> OnnxModel.load(bytes, OnnxOptions.defaults());
            };
        } catch (ModelLoadException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // A reader bug must still surface as a load failure naming the format, never as a
            // half-built model.
            throw new ModelFormatException(format + ": malformed model (" + e + ")", e);
        }
    }
}
