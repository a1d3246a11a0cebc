package dev.verdict.onnx;

import dev.verdict.core.Model;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelFormat;
import dev.verdict.loader.ModelFormatProvider;

/**
 * Lets {@link dev.verdict.loader.ModelLoader} load ONNX models (found with
 * {@link java.util.ServiceLoader}; not for direct use): they load with
 * {@link OnnxOptions#defaults()}. Call {@link OnnxModel#load(java.nio.file.Path, OnnxOptions)} to
 * choose threads, optimization or feature names.
 */
public final class OnnxFormatProvider implements ModelFormatProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public OnnxFormatProvider() {
    }

    @Override
    public ModelFormat format() {
        return ModelFormat.ONNX;
    }

    @Override
    public Model load(byte[] bytes, LoadOptions options) {
        return OnnxModel.load(bytes, OnnxOptions.defaults());
    }
}
