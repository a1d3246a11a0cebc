package dev.verdict.samples.cli;

import dev.verdict.core.Model;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loading a model file for a command, with a clear error when the file is not there. */
final class ModelFiles {
    private ModelFiles() {
    }

    static Model load(Path path, boolean bestIteration) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("model file not found: " + path);
        }
        LoadOptions options = bestIteration ? LoadOptions.defaults().withBestIteration()
                : LoadOptions.defaults();
        return ModelLoader.load(path, options);
    }

    /** Prints a value so that parsing it back gives the identical float or double. */
    static String format(double value, boolean float32) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return float32 ? Float.toString((float) value) : Double.toString(value);
    }

    static boolean isFloat32(Model model) {
        return model.info().format().startsWith("xgboost");
    }
}
