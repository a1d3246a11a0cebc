package dev.verdict.samples.quickstart;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java example in the README is a region of compiled code: of this quickstart (which its
 * test runs) or of a module's Javadoc snippets. An example edited in one place and not the other
 * fails the build.
 */
class ReadmeExcerptsTest {
    private static final Path REPO = QuickstartTest.REPO;
    private static final List<Path> SOURCES = List.of(
            Path.of("src/main/java/dev/verdict/samples/quickstart/Quickstart.java"),
            REPO.resolve("core/src/test/java/dev/verdict/core/Snippets.java"),
            REPO.resolve("model-loader/src/test/java/dev/verdict/loader/Snippets.java"),
            REPO.resolve("onnx/src/test/java/dev/verdict/onnx/Snippets.java"),
            REPO.resolve("feature-cache/src/test/java/dev/verdict/cache/Snippets.java"),
            REPO.resolve("decision/src/test/java/dev/verdict/decision/Snippets.java"),
            REPO.resolve("budget/src/test/java/dev/verdict/budget/Snippets.java"));

    @Test
    void everyJavaBlockOfTheReadmeIsARegionOfCompiledCode() throws IOException {
        Map<String, String> regions = new LinkedHashMap<>();
        for (Path source : SOURCES) {
            if (Files.exists(source)) {
                regions.putAll(regions(source));
            }
        }
        List<String> blocks = javaBlocks(Files.readString(REPO.resolve("README.md")));
        assertFalse(blocks.isEmpty());
        for (String block : blocks) {
            assertTrue(regions.containsValue(block), () -> "README example is not a region of "
                    + SOURCES + ":\n" + block + "\nregions:\n" + String.join("\n---\n", regions.values()));
        }
    }

    static Map<String, String> regions(Path source) throws IOException {
        Map<String, String> regions = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^[ \\t]*// @start region=(\\w+)\\n(.*?)^[ \\t]*// @end\\n",
                Pattern.DOTALL).matcher(Files.readString(source));
        while (m.find()) {
            regions.put(source.getFileName() + "#" + m.group(1), dedent(m.group(2)));
        }
        return regions;
    }

    static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^```java\\n(.*?)^```\\n", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            blocks.add(dedent(m.group(1)));
        }
        return blocks;
    }

    static String dedent(String text) {
        String[] lines = text.split("\n", -1);
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line.isBlank() ? "" : line.substring(indent).stripTrailing()).append('\n');
        }
        return sb.toString().strip();
    }
}
