package dev.verdict.fallback;

import dev.verdict.core.Model;
import dev.verdict.core.ModelRegistry;
import dev.verdict.loader.ModelLoader;
import java.nio.file.Path;

/** The native fallback's Javadoc example, compiled with the tests. */
@SuppressWarnings("unused")
final class Snippets {
    private Snippets() {
    }

    static void fallback(ModelRegistry registry, Path file) {
        // @start region=fallback
        Model model = XGBoostNativeModel.load(ModelLoader.readArtifact(file));
        registry.register("fraud", model.inputSchema()).publish(model);
        // @end
    }
}
