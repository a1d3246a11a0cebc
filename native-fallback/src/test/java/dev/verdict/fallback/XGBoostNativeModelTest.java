package dev.verdict.fallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ModelHandle;
import dev.verdict.core.ModelLoadException;
import dev.verdict.core.ModelRegistry;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.ScoringSession;
import dev.verdict.testing.XGBoostOracle;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelLoader;
import dev.verdict.testing.Rows;
import org.junit.jupiter.api.Test;

/** The opt-in native fallback scores through XGBoost4J and agrees with Verdict's engine. */
class XGBoostNativeModelTest {

    @Test
    void nativeFallbackMatchesEngine() {
        float[][] x = Rows.gaussian(300, 6, 0.1, 5);
        float[] y = new float[x.length];
        for (int r = 0; r < y.length; r++) {
            y[r] = (float) Math.floorMod((int) Math.floor(x[r][0] * 2), 3);
        }
        byte[] bytes;
        try (XGBoostOracle.NativeBooster trained = XGBoostOracle.training(x).labels(y)
                .featureNames("a", "b", "c", "d", "e", "f")
                .param("objective", "multi:softprob").param("num_class", 3).rounds(10).train()) {
            bytes = trained.ubj();
        }
        Model engine = ModelLoader.load(bytes, LoadOptions.defaults());
        try (XGBoostNativeModel fallback = XGBoostNativeModel.load(bytes);
                ModelRegistry registry = new ModelRegistry()) {
            assertEquals(engine.inputSchema(), fallback.inputSchema());
            assertEquals(engine.outputs(), fallback.outputs());
            ModelHandle nativeHandle = registry.register("native", fallback.inputSchema());
            nativeHandle.publish(fallback);
            ModelHandle engineHandle = registry.register("engine", engine.inputSchema());
            engineHandle.publish(engine);
            ScoringSession session = registry.newSession();
            FeatureVector row = engine.inputSchema().newVector();
            for (float[] values : x) {
                for (int f = 0; f < values.length; f++) {
                    row.set(f, values[f]);
                }
                ScoreBuffer a = session.score(nativeHandle, row);
                double[] nativeScores = {a.score(0), a.score(1), a.score(2), a.margin(0)};
                ScoreBuffer b = session.score(engineHandle, row);
                assertEquals(nativeScores[0], b.score(0));
                assertEquals(nativeScores[1], b.score(1));
                assertEquals(nativeScores[2], b.score(2));
                assertEquals(nativeScores[3], b.margin(0));
            }
        }
    }

    @Test
    void garbageIsALoadError() {
        assertThrows(ModelLoadException.class, () -> XGBoostNativeModel.load(new byte[] {1, 2, 3}));
    }
}
