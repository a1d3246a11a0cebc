package dev.verdict.loader;

import dev.verdict.core.Model;
import dev.verdict.core.ModelLoadException;
import dev.verdict.loader.internal.lightgbm.LightGbmModelReader;
import dev.verdict.loader.internal.xgboost.LegacyBinaryReader;
import dev.verdict.loader.internal.xgboost.XGBoostModelReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Loads XGBoost and LightGBM model files into {@link Model}s that score with Verdict's pure-Java
 * tree engine and give exactly the native library's answers.
 *
 * {@snippet class=dev.verdict.loader.Snippets region=load}
 *
 * <p>The format is recognized from the content, not the file name: XGBoost JSON, UBJSON and the
 * legacy binary format, LightGBM text, and ONNX when {@code verdict-onnx} is on the class path
 * (with its default options; {@code OnnxModel.load(Path, OnnxOptions)} chooses threads,
 * optimization or feature names). A file that is unreadable, truncated, malformed or
 * inconsistent throws {@link ModelLoadException} (usually {@link ModelFormatException}) naming
 * the location and the problem; nothing half-loaded is ever returned.
 */
public final class ModelLoader {
    /** Larger artifacts are refused rather than read into memory. */
    static final long MAX_BYTES = 2L << 30;

    /** Formats other modules add (ONNX), found once on the class path. */
    private static final Map<ModelFormat, ModelFormatProvider> PROVIDED = provided();

    private ModelLoader() {
    }

    private static Map<ModelFormat, ModelFormatProvider> provided() {
        Map<ModelFormat, ModelFormatProvider> byFormat = new EnumMap<>(ModelFormat.class);
        for (ModelFormatProvider p : ServiceLoader.load(ModelFormatProvider.class,
                ModelLoader.class.getClassLoader())) {
            byFormat.putIfAbsent(p.format(), p);
        }
        return byFormat;
    }

    /**
     * {@return the model, using every stored tree}
     *
     * @param path a model file
     * @throws ModelLoadException if the file cannot be read or is not a valid model
     */
    public static Model load(Path path) {
        return load(path, LoadOptions.defaults());
    }

    /**
     * {@return the model}
     *
     * @param path a model file
     * @param options how to load it
     * @throws ModelLoadException if the file cannot be read or is not a valid model
     */
    public static Model load(Path path, LoadOptions options) {
        byte[] bytes = readArtifact(path);
        try {
            return load(bytes, options);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a model file into memory with the one size guard every Verdict loader applies: a
     * file larger than 2 GiB is refused before it is read.
     *
     * @param path a model file
     * @return its bytes
     * @throws ModelLoadException if it cannot be read or is too large
     */
    public static byte[] readArtifact(Path path) {
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new ModelLoadException(path + ": " + size + " bytes is larger than the "
                        + MAX_BYTES + " bytes Verdict loads");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ModelLoadException(path + ": cannot read: " + e, e);
        }
    }

    /**
     * {@return the model}
     *
     * @param bytes a model artifact
     * @param options how to load it
     * @throws ModelFormatException if the bytes are not a valid model
     */
    public static Model load(byte[] bytes, LoadOptions options) {
        return load(bytes, ModelFormat.detect(bytes), options);
    }

    /**
     * {@return the model}
     *
     * @param bytes a model artifact
     * @param format its format
     * @param options how to load it
     * @throws ModelFormatException if the bytes are not a valid model of that format
     */
    public static Model load(byte[] bytes, ModelFormat format, LoadOptions options) {
        try {
            return switch (format) {
                case XGBOOST_JSON, XGBOOST_UBJSON -> XGBoostModelReader.read(bytes, options);
                case XGBOOST_BINARY -> LegacyBinaryReader.read(bytes, options);
                case LIGHTGBM_TEXT -> LightGbmModelReader.read(bytes, options);
                case ONNX -> provided(format).load(bytes, options);
            };
        } catch (ModelLoadException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // A reader bug must still surface as a load failure naming the format, never as a
            // half-built model.
            throw new ModelFormatException(format + ": malformed model (" + e + ")", e);
        }
    }

    private static ModelFormatProvider provided(ModelFormat format) {
        ModelFormatProvider p = PROVIDED.get(format);
        if (p == null) {
            throw new ModelLoadException("this is an " + format + " model; loading it needs the"
                    + " module dev.verdict:verdict-" + format.name().toLowerCase(java.util.Locale.ROOT)
                    + " on the class path");
        }
        return p;
    }
}
