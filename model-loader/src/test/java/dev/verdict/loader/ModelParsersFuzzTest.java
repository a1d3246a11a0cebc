package dev.verdict.loader;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ModelLoadException;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.core.VerdictException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Jazzer fuzz tests, one per parser: whatever the bytes, {@link ModelLoader#load(byte[],
 * ModelFormat, LoadOptions)} either returns a usable model or throws a {@link ModelLoadException}
 * that the reader itself raised.
 *
 * <p>A {@link ModelFormatException} whose cause is not a Verdict exception is a finding too:
 * {@link ModelLoader} wraps any unexpected {@link RuntimeException} or {@link Error} of a reader
 * as "malformed model (java.lang....)", so such a cause means a reader did not check something
 * (an index, a cast, an array size) before using it. A model that loads is scored once with an
 * all-missing row, which must not throw.
 *
 * <p>A plain {@code mvn test} only replays the committed seeds and regression inputs under
 * {@code src/test/resources/dev/verdict/loader/ModelParsersFuzzTestInputs/<method>/} (fast). To
 * fuzz one parser, set {@code JAZZER_FUZZ=1} and select it, e.g.
 * {@code JAZZER_FUZZ=1 ./mvnw -o -pl model-loader test -Dtest=ModelParsersFuzzTest#xgboostJson
 * -Djazzer.max_duration=5m -Djazzer.keep_going=50} (one method per run; {@code keep_going}
 * collects distinct findings instead of stopping at the first). Jazzer writes each crashing or
 * slow input into that directory, where it stays as a regression seed; its generated corpus goes
 * to {@code model-loader/.cifuzz-corpus/} (git-ignored). The dictionaries under {@code fuzz-dict/} hold each format's
 * member names and magic tokens, so that mutations reach past the parsers into the model readers.
 */
class ModelParsersFuzzTest {

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "fuzz-dict/xgboost-json.dict")
    void xgboostJson(byte[] data) {
        check(data, ModelFormat.XGBOOST_JSON);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "fuzz-dict/xgboost-ubjson.dict")
    void xgboostUbjson(byte[] data) {
        check(data, ModelFormat.XGBOOST_UBJSON);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "fuzz-dict/xgboost-binary.dict")
    void xgboostBinary(byte[] data) {
        check(data, ModelFormat.XGBOOST_BINARY);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "fuzz-dict/lightgbm.dict")
    void lightgbmText(byte[] data) {
        check(data, ModelFormat.LIGHTGBM_TEXT);
    }

    /**
     * Rewrites the JSON, UBJSON and LightGBM seeds from freshly trained {@link SmallModels}
     * (the binary seeds come from {@code bad-input/make_fixtures.py}): run with
     * {@code -Dtest=ModelParsersFuzzTest#writeSeeds -Dverdict.writeFuzzSeeds=<module dir>}.
     */
    @Test
    @EnabledIfSystemProperty(named = "verdict.writeFuzzSeeds", matches = ".+")
    void writeSeeds() throws IOException {
        Path inputs = Path.of(System.getProperty("verdict.writeFuzzSeeds"),
                "src/test/resources/dev/verdict/loader/ModelParsersFuzzTestInputs");
        record Named(String name, SmallModels.XGBoostBytes model) {
        }
        for (Named m : new Named[] {
                new Named("logistic", SmallModels.xgboostLogistic()),
                new Named("categorical", SmallModels.xgboostCategorical()),
                new Named("softprob", SmallModels.xgboostSoftprob()),
                new Named("vector-leaves", SmallModels.xgboostVectorLeaves()),
                new Named("dart", SmallModels.xgboostDart()),
                new Named("gblinear", SmallModels.xgboostLinear())}) {
            write(inputs.resolve("xgboostJson").resolve(m.name() + ".json"), m.model().json());
            write(inputs.resolve("xgboostUbjson").resolve(m.name() + ".ubj"), m.model().ubj());
        }
        write(inputs.resolve("lightgbmText/binary.txt"), SmallModels.lightgbmBinary());
        write(inputs.resolve("lightgbmText/categorical.txt"), SmallModels.lightgbmCategorical());
        write(inputs.resolve("lightgbmText/multiclass.txt"), SmallModels.lightgbmMulticlass());
        write(inputs.resolve("lightgbmText/linear.txt"), SmallModels.lightgbmLinear());
    }

    private static void write(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    /** The property every parser must have. */
    static void check(byte[] data, ModelFormat format) {
        try {
            ModelFormat.detect(data);
        } catch (ModelFormatException e) {
            requireVerdictCause(e);
        }
        Model model;
        try {
            model = ModelLoader.load(data, format, LoadOptions.defaults());
        } catch (ModelFormatException e) {
            requireVerdictCause(e);
            return;
        } catch (ModelLoadException e) {
            return;
        }
        // Loaded: it must be usable.
        Scorer scorer = model.newScorer();
        FeatureVector row = model.inputSchema().newVector();
        ScoreBuffer out = new ScoreBuffer(model.outputs());
        scorer.score(row, out);
    }

    private static void requireVerdictCause(ModelFormatException e) {
        Throwable cause = e.getCause();
        if (cause != null && !(cause instanceof VerdictException)) {
            throw new AssertionError("reader bug: an unchecked " + cause.getClass().getName()
                    + " escaped the reader (" + e.getMessage() + ")", e);
        }
    }
}
