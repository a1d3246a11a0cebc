package dev.verdict.jmh.tools;

import dev.verdict.core.Model;
import dev.verdict.jmh.TreeModels;
import dev.verdict.testing.XGBoostOracle;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Which gcc flags keep {@link CompiledTrees} bit-exact: trains the benchmark model once, loads it
 * with Verdict's loader, then for each flag set compiles the generated C and counts margins that differ from XGBoost4J's on
 * 1,000 fresh rows, the 1,024 benchmark rows and 1,000 threshold rows, for each of the three
 * functions (if/else / arrays / interleaved). Reports; never throws on a mismatch.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar dev.verdict.jmh.tools.CompiledTreesCheck \
 *     [trees depth] ["flags 1" "flags 2" ...]
 * </pre>
 */
public final class CompiledTreesCheck {
    private CompiledTreesCheck() {
    }

    public static void main(String[] args) throws Exception {
        int trees = args.length >= 2 ? Integer.parseInt(args[0]) : 500;
        int depth = args.length >= 2 ? Integer.parseInt(args[1]) : 6;
        List<String> flagSets = new ArrayList<>();
        for (int i = args.length >= 2 ? 2 : 0; i < args.length; i++) {
            flagSets.add(args[i]);
        }
        if (flagSets.isEmpty()) {
            flagSets = List.of("-O3", "-O2", "-O3 -march=native", "-O3 -march=native -ffp-contract=fast",
                    "-O3 -mfpmath=387", "-O3 -ffast-math", "-Ofast -march=native");
        }
        try (XGBoostOracle.NativeBooster oracle = TreeModels.xgboost(trees, depth)) {
            Model model = CompiledTrees.load(oracle.ubj());
            float[][][] sets = new float[3][][];
            String[] names = {"fresh", "benchmark", "threshold"};
            sets[0] = TreeModels.rows(1000, 4242);
            sets[1] = TreeModels.rows(1024, 77);
            float[][][] expected = new float[3][][];
            for (String flags : flagSets) {
                long t0 = System.nanoTime();
                try (CompiledTrees c = CompiledTrees.compile(model, List.of(flags.trim().split("\\s+")))) {
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    if (sets[2] == null) {
                        sets[2] = c.thresholdRows(1000, 4343);
                        for (int s = 0; s < 3; s++) {
                            expected[s] = oracle.margins(sets[s]);
                        }
                    }
                    StringBuilder line = new StringBuilder(String.format("%-45s gcc %5.1f s, %,9d bytes:",
                            "'" + flags + "'", seconds, Files.size(c.library())));
                    for (int s = 0; s < 3; s++) {
                        int ifElse = 0;
                        int arrays = 0;
                        int interleaved = 0;
                        for (int r = 0; r < sets[s].length; r++) {
                            int bits = Float.floatToRawIntBits(expected[s][r][0]);
                            ifElse += Float.floatToRawIntBits(c.predict(sets[s][r])) != bits ? 1 : 0;
                            arrays += Float.floatToRawIntBits(c.predictArrays(sets[s][r])) != bits ? 1 : 0;
                            interleaved += Float.floatToRawIntBits(c.predictInterleaved(sets[s][r])) != bits ? 1 : 0;
                        }
                        line.append(String.format("  %s: %d/%d/%d of %d differ;", names[s], ifElse, arrays,
                                interleaved, sets[s].length));
                    }
                    System.out.println(line);
                } catch (IllegalStateException e) {
                    System.out.println("'" + flags + "': " + e.getMessage());
                }
            }
        }
    }
}
