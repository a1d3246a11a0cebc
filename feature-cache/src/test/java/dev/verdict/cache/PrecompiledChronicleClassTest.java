package dev.verdict.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import net.openhft.chronicle.hash.VanillaGlobalMutableState;
import net.openhft.chronicle.values.Values;
import org.junit.jupiter.api.Test;

/**
 * The build compiles ahead of time the class Chronicle Values would otherwise compile with javac
 * when a JVM opens its first store ({@code PregenerateNativeValues}): Chronicle must find and use
 * the shipped class, which comes from the same place as the feature cache's own classes.
 */
class PrecompiledChronicleClassTest {
    @Test
    void chronicleUsesTheClassTheBuildCompiled() throws Exception {
        Class<?> shipped = Class.forName(VanillaGlobalMutableState.class.getName() + "$$Native");
        assertSame(shipped, Values.nativeClassFor(VanillaGlobalMutableState.class));
        assertEquals(FeatureStore.class.getProtectionDomain().getCodeSource().getLocation(),
                shipped.getProtectionDomain().getCodeSource().getLocation(),
                "the class is on the class path, not generated at run time");
    }
}
