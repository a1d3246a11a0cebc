package dev.verdict.loader.internal.xgboost;

import static dev.verdict.loader.LoadAssertions.assertEveryPrefixRejected;
import static dev.verdict.loader.LoadAssertions.assertLoads;
import static dev.verdict.loader.LoadAssertions.assertMessageHas;
import static dev.verdict.loader.LoadAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verdict.core.Model;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.loader.ModelFormat;
import dev.verdict.loader.SmallModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad legacy binary XGBoost models are rejected with a message naming the byte offset and the
 * problem. The format has no Java writer, so the starting model is the committed fixture
 * {@code bad-input/binary-logistic.model} (made by XGBoost 1.7.4, see {@code make_fixtures.py}):
 * every truncation is rejected, and targeted corruptions of its learner parameters, names, tree
 * and node counts, nodes and attributes each give a message that says what is wrong.
 */
class LegacyBinaryBadFilesTest {
    private static final ModelFormat BINARY = ModelFormat.XGBOOST_BINARY;
    private static final byte[] legacyBinary = SmallModels.xgboostLegacyBinary();

    @Test
    void theStartingModelIsValid() {
        assertEquals(BINARY, ModelFormat.detect(legacyBinary));
        Model m = assertLoads(legacyBinary, BINARY);
        // make_fixtures.py records what XGBoost 1.7.4 predicts for an all-missing row.
        String[] expected = new String(SmallModels.resource("/bad-input/binary-logistic.expected"),
                StandardCharsets.US_ASCII).lines().filter(l -> !l.startsWith("#")).findFirst()
                .orElseThrow().trim().split(" ");
        ScoreBuffer out = new ScoreBuffer(m.outputs());
        m.newScorer().score(m.inputSchema().newVector(), out);
        assertEquals(Float.intBitsToFloat(Integer.parseUnsignedInt(expected[0], 16)), (float) out.margin());
        assertEquals(Float.intBitsToFloat(Integer.parseUnsignedInt(expected[1], 16)), (float) out.score());
    }

    @Test
    void everyTruncatedLegacyBinaryModelIsRejected() {
        // The attributes run to the end of the file, so no proper prefix is a whole model.
        assertEveryPrefixRejected(legacyBinary, BINARY, legacyBinary.length);
    }

    /** Offsets in the legacy binary fixture, from its layout (see LegacyBinaryReader). */
    private static final int LEARNER = 4;                    // after "binf"
    private static final int OBJECTIVE_LENGTH = LEARNER + 136;
    private static final int OBJECTIVE = OBJECTIVE_LENGTH + 8; // "binary:logistic", 15 bytes
    private static final int BOOSTER_LENGTH = OBJECTIVE + 15;
    private static final int BOOSTER = BOOSTER_LENGTH + 8;    // "gbtree", 6 bytes
    private static final int GBTREE_PARAM = BOOSTER + 6;
    private static final int BIN_TREE0 = GBTREE_PARAM + 160;
    private static final int BIN_TREE0_NODES = BIN_TREE0 + 148;

    private static int node(int n) {
        return BIN_TREE0_NODES + 20 * n; // parent, left, right, split index | default-left bit, split
    }

    private static byte[] binary(Consumer<ByteBuffer> edit) {
        byte[] b = legacyBinary.clone();
        edit.accept(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN));
        return b;
    }

    @Test
    void theLegacyFixtureHasTheLayoutTheCorruptionsAssume() {
        ByteBuffer b = ByteBuffer.wrap(legacyBinary).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("binf", new String(legacyBinary, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(15, b.getLong(OBJECTIVE_LENGTH));
        assertEquals("binary:logistic", new String(legacyBinary, OBJECTIVE, 15, StandardCharsets.US_ASCII));
        assertEquals("gbtree", new String(legacyBinary, BOOSTER, 6, StandardCharsets.US_ASCII));
        assertEquals(3, b.getInt(GBTREE_PARAM));    // num_trees
        assertEquals(7, b.getInt(BIN_TREE0 + 4));   // num_nodes of tree 0
        assertEquals(1, b.getInt(node(0) + 4));     // root: children 1, 2
        assertEquals(2, b.getInt(node(0) + 8));
        assertEquals(3, b.getInt(node(1) + 4));     // node 1: children 3, 4
        assertEquals(5, b.getInt(node(2) + 4));     // node 2: children 5, 6
    }

    static Stream<Arguments> legacyBinaryCorruptions() {
        return Stream.of(
                Arguments.of("implausible num_feature", (Consumer<ByteBuffer>) b -> b.putInt(LEARNER + 4, -1),
                        new String[] {"XGBoost binary model, byte 4: implausible learner parameters (num_feature 4294967295"}),
                Arguments.of("negative num_class", (Consumer<ByteBuffer>) b -> b.putInt(LEARNER + 8, -3),
                        new String[] {"implausible learner parameters", "num_class -3"}),
                Arguments.of("objective name longer than the file", (Consumer<ByteBuffer>) b -> b.putLong(OBJECTIVE_LENGTH, 1L << 40),
                        new String[] {"byte 140: objective name of length 1099511627776 exceeds the file"}),
                Arguments.of("negative objective name length", (Consumer<ByteBuffer>) b -> b.putLong(OBJECTIVE_LENGTH, -8),
                        new String[] {"objective name of length -8 exceeds the file"}),
                Arguments.of("unknown objective", (Consumer<ByteBuffer>) b -> b.put(OBJECTIVE + 14, (byte) 'X'),
                        new String[] {"unknown XGBoost objective 'binary:logistiX'"}),
                Arguments.of("unknown booster", (Consumer<ByteBuffer>) b -> b.put(BOOSTER + 5, (byte) 'X'),
                        new String[] {"unknown booster 'gbtreX'"}),
                Arguments.of("negative tree count", (Consumer<ByteBuffer>) b -> b.putInt(GBTREE_PARAM, -1),
                        new String[] {"byte " + GBTREE_PARAM + ": negative tree count -1"}),
                Arguments.of("more trees than the file holds", (Consumer<ByteBuffer>) b -> b.putInt(GBTREE_PARAM, 1000),
                        new String[] {"1000 trees do not fit in the", "bytes left (truncated or corrupt file)"}),
                Arguments.of("tree without nodes", (Consumer<ByteBuffer>) b -> b.putInt(BIN_TREE0 + 4, 0),
                        new String[] {"byte " + BIN_TREE0 + ": tree 0 has 0 nodes"}),
                Arguments.of("negative node count", (Consumer<ByteBuffer>) b -> b.putInt(BIN_TREE0 + 4, -7),
                        new String[] {"tree 0 has -7 nodes"}),
                Arguments.of("more nodes than the file holds", (Consumer<ByteBuffer>) b -> b.putInt(BIN_TREE0 + 4, 1 << 20),
                        new String[] {"1048576 nodes of tree 0 do not fit"}),
                Arguments.of("child index beyond the nodes", (Consumer<ByteBuffer>) b -> {
                    b.putInt(node(1) + 4, 9);
                    b.putInt(node(1) + 8, 10);
                }, new String[] {"trees[0]: node 1 has child 9 outside [0, 7)"}),
                Arguments.of("cycle: node 2 points back to the root", (Consumer<ByteBuffer>) b -> {
                    b.putInt(node(2) + 4, 0);
                    b.putInt(node(2) + 8, 1);
                }, new String[] {"trees[0]: node 0 is reached twice (cycle or shared child)"}),
                Arguments.of("node shared by two parents", (Consumer<ByteBuffer>) b -> {
                    b.putInt(node(2) + 4, 3);
                    b.putInt(node(2) + 8, 4);
                }, new String[] {"trees[0]: node 3 is reached twice (cycle or shared child)"}),
                Arguments.of("feature index beyond num_feature", (Consumer<ByteBuffer>) b ->
                        b.putInt(node(0) + 12, (b.getInt(node(0) + 12) & 0x80000000) | 50),
                        new String[] {"trees[0]: node 0 uses feature 50, but the model has 3 features"}),
                Arguments.of("NaN threshold", (Consumer<ByteBuffer>) b -> b.putFloat(node(0) + 16, Float.NaN),
                        new String[] {"trees[0].split_conditions: node 0 has a NaN threshold"}),
                Arguments.of("attribute count beyond the file", (Consumer<ByteBuffer>) b ->
                        b.putLong(legacyAttributesOffset(), 1L << 40),
                        new String[] {"1099511627776 attributes do not fit"}),
                Arguments.of("negative attribute count", (Consumer<ByteBuffer>) b ->
                        b.putLong(legacyAttributesOffset(), -2),
                        new String[] {"-2 attributes do not fit"}));
    }

    /** The u64 attribute count: after the trees and the int32 tree_info. */
    private static int legacyAttributesOffset() {
        ByteBuffer b = ByteBuffer.wrap(legacyBinary).order(ByteOrder.LITTLE_ENDIAN);
        int trees = b.getInt(GBTREE_PARAM);
        int at = BIN_TREE0;
        for (int t = 0; t < trees; t++) {
            at += 148 + 36 * b.getInt(at + 4);
        }
        return at + 4 * trees;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("legacyBinaryCorruptions")
    void legacyBinaryCorruptionsAreNamed(String name, Consumer<ByteBuffer> edit, String[] expected) {
        assertMessageHas(assertRejected(binary(edit), BINARY), expected);
    }
}
