package dev.verdict.loader;

import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import java.nio.file.Path;

/**
 * The examples in the loader's Javadoc ({@code {@snippet class=dev.verdict.loader.Snippets ...}}),
 * compiled with the tests so that an example that no longer matches the API fails the build.
 */
@SuppressWarnings("unused")
final class Snippets {
    private Snippets() {
    }

    static double load(Path path) {
        // @start region=load
        Model model = ModelLoader.load(path);                  // format detected from content
        Scorer scorer = model.newScorer();                     // one per thread
        FeatureVector row = model.inputSchema().newVector();
        ScoreBuffer out = new ScoreBuffer(model.outputs());
        row.set(model.inputSchema().indexOf("income"), 72_000);
        scorer.score(row, out);
        double probability = out.score();
        // @end
        return probability;
    }

    static Model bestIteration(Path path) {
        // @start region=options
        LoadOptions options = LoadOptions.defaults().withBestIteration();   // as XGBoost's sklearn API
        Model model = ModelLoader.load(path, options);
        // @end
        return model;
    }
}
