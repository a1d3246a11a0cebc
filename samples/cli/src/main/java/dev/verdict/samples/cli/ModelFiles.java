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

    /**
     * The stored best iteration (XGBoost early stopping) when scoring does not use it and using it
     * would score fewer rounds, as the loader describes it ({@code LoadOptions}); else null.
     */
    static String unusedBestIteration(Model model) {
        String best = model.info().details().get("best iteration");
        return best != null && best.contains("(not used") ? best : null;
    }

    /** What to do about an {@linkplain #unusedBestIteration unused best iteration}, in words. */
    static final String BEST_ITERATION_HINT = "--best-iteration scores only the rounds up to it, as"
            + " XGBoost's scikit-learn predict does; by default every round scores, as"
            + " Booster.predict and XGBoost4J do";

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
