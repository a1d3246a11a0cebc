package dev.verdict.loader;

import dev.verdict.core.Model;

/**
 * A model format that another module adds to {@link ModelLoader}, found with
 * {@link java.util.ServiceLoader} when the module is on the class path: {@code verdict-onnx} adds
 * {@link ModelFormat#ONNX} this way, so that a service scoring trees only does not carry ONNX
 * Runtime. Implementations are listed in
 * {@code META-INF/services/dev.verdict.loader.ModelFormatProvider}.
 */
public interface ModelFormatProvider {

    /** {@return the format this provider reads} */
    ModelFormat format();

    /**
     * {@return the model}
     *
     * @param bytes an artifact of {@link #format()}
     * @param options how to load it
     * @throws dev.verdict.core.ModelLoadException if the bytes are not a valid model
     */
    Model load(byte[] bytes, LoadOptions options);
}
