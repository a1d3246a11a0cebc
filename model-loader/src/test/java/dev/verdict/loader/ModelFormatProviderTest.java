package dev.verdict.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.core.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX support is a module of its own (verdict-onnx), found on the class path. This module's
 * tests run without it, as a tree-only service does: an ONNX file is recognized and refused with
 * a message that names the module to add.
 */
class ModelFormatProviderTest {

    @Test
    void anOnnxModelWithoutVerdictOnnxNamesTheModuleToAdd(@TempDir Path dir) throws Exception {
        // A ModelProto starts with field 1 (ir_version), a small varint: enough to be recognized.
        byte[] onnx = {0x08, 0x09, 0x12, 0x04, 't', 'e', 's', 't'};
        assertEquals(ModelFormat.ONNX, ModelFormat.detect(onnx));
        Path file = Files.write(dir.resolve("m.onnx"), onnx);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(file));
        assertTrue(e.getMessage().contains("needs the module dev.verdict:verdict-onnx on the class path"),
                e.getMessage());
    }

    @Test
    void oneSizeGuardForEveryLoader(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("absent.json");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.readArtifact(missing));
        assertTrue(e.getMessage().startsWith(missing + ": cannot read"), e.getMessage());
        assertEquals(2L << 30, ModelLoader.MAX_BYTES);
    }
}
