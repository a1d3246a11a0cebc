package dev.verdict.onnx;

import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import java.nio.file.Path;
import java.util.List;

/**
 * The examples in the ONNX module's Javadoc, compiled with the tests so that an example that no
 * longer matches the API fails the build.
 */
@SuppressWarnings("unused")
final class Snippets {
    private Snippets() {
    }

    static void load(Path file) {
        // @start region=load
        try (Model model = OnnxModel.load(file, OnnxOptions.defaults())) {
            Scorer scorer = model.newScorer();                 // one per thread
            FeatureVector row = model.inputSchema().newVector();
            ScoreBuffer out = new ScoreBuffer(model.outputs());
            row.set(0, 0.5);
            scorer.score(row, out);                            // 0 bytes allocated
        }
        // @end
    }

    static Model options(Path credit, Path cache) {
        // @start region=options
        OnnxOptions options = OnnxOptions.defaults()
                .withFeatureNames("features", List.of("income", "utilization", "age"))
                .withOptimizedModelCache(cache);               // e.g. /var/cache/verdict/credit.opt.onnx
        Model model = OnnxModel.load(credit, options);
        // @end
        return model;
    }
}
