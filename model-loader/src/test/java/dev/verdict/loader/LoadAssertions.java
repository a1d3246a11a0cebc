package dev.verdict.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ModelLoadException;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.VerdictException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Assertions for the bad-model-file tests of every format: a file loads and scores, or is
 * rejected with a {@link ModelFormatException} raised by the reader itself (never a reader bug
 * wrapped by {@link ModelLoader}), with a message that says what is wrong. Messages are asserted on
 * substrings so that they stay useful.
 */
public final class LoadAssertions {
    private LoadAssertions() {
    }

    /** Loads the bytes and scores an all-missing row with the model. */
    public static Model assertLoads(byte[] bytes, ModelFormat format) {
        Model m = ModelLoader.load(bytes, format, LoadOptions.defaults());
        FeatureVector row = m.inputSchema().newVector();
        m.newScorer().score(row, new ScoreBuffer(m.outputs()));
        return m;
    }

    /** The bytes are rejected by the reader, not by a bug in it. */
    public static ModelFormatException assertRejected(byte[] bytes, ModelFormat format) {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelLoader.load(bytes, format, LoadOptions.defaults()));
        assertNoReaderBug(e, format.toString());
        return e;
    }

    /**
     * Every prefix shorter than {@code mustFailBelow} throws a {@link ModelLoadException} raised
     * by the reader itself; longer proper prefixes may load, but may not throw anything else.
     */
    public static void assertEveryPrefixRejected(byte[] bytes, ModelFormat format, int mustFailBelow) {
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            Model m;
            try {
                m = ModelLoader.load(prefix, format, LoadOptions.defaults());
            } catch (ModelLoadException e) {
                assertNoReaderBug(e, format + " prefix of " + n + " bytes");
                continue;
            } catch (RuntimeException | Error e) {
                throw new AssertionError(format + " prefix of " + n + " bytes threw " + e, e);
            }
            if (n < mustFailBelow) {
                fail(format + " prefix of " + n + " of " + bytes.length + " bytes loaded: " + m);
            }
            m.newScorer().score(m.inputSchema().newVector(), new ScoreBuffer(m.outputs()));
        }
    }

    /** ModelLoader wraps a reader's unexpected exceptions; such a cause means an unchecked input. */
    public static void assertNoReaderBug(ModelLoadException e, String what) {
        if (e.getCause() != null && !(e.getCause() instanceof VerdictException)) {
            throw new AssertionError(what + ": reader bug, " + e.getCause(), e);
        }
    }

    /** The message contains every fragment. */
    public static void assertMessageHas(ModelFormatException e, String... fragments) {
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message \"" + e.getMessage()
                    + "\" does not contain \"" + f + "\"");
        }
    }

    /** At least one fragment; used where JSON and UBJSON find the same problem in different order. */
    public static void assertMessageHasAny(ModelFormatException e, String... fragments) {
        for (String f : fragments) {
            if (e.getMessage().contains(f)) {
                return;
            }
        }
        fail("message \"" + e.getMessage() + "\" contains none of " + Arrays.toString(fragments));
    }

    /** Each variant loads and gives the reference model's margins on {@link SmallModels}' rows. */
    public static void assertSameScores(Model reference, List<byte[]> variants, ModelFormat format) {
        double[][] rows = SmallModels.features(99, false);
        for (byte[] variant : variants) {
            Model m = assertLoads(variant, format);
            ScoreBuffer a = new ScoreBuffer(reference.outputs());
            ScoreBuffer b = new ScoreBuffer(m.outputs());
            for (double[] row : rows) {
                reference.newScorer().score(reference.inputSchema().newVector().setAll(row), a);
                m.newScorer().score(m.inputSchema().newVector().setAll(row), b);
                assertEquals(a.margin(), b.margin());
            }
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
