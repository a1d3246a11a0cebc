package dev.verdict.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks, once, that the JVM was started with the flags Chronicle Map needs on JDK 25, so that a
 * missing flag is reported by name instead of as an {@code IllegalAccessError} deep inside
 * Chronicle.
 */
final class JvmFlags {
    /** The flags, as they go on the command line. */
    static final List<String> REQUIRED = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");
    private static volatile boolean checked;

    private JvmFlags() {
    }

    static void check() {
        if (checked) {
            return;
        }
        Module self = JvmFlags.class.getModule();
        Module base = Object.class.getModule();
        List<String> missing = new ArrayList<>();
        if (!base.isOpen("java.lang", self)) {
            missing.add(REQUIRED.get(0));
        }
        if (!base.isOpen("java.lang.reflect", self)) {
            missing.add(REQUIRED.get(1));
        }
        if (!base.isExported("sun.nio.ch", self)) {
            missing.add(REQUIRED.get(2));
        }
        if (!base.isExported("jdk.internal.ref", self)) {
            missing.add(REQUIRED.get(3));
        }
        if (!base.isExported("jdk.internal.misc", self)) {
            missing.add(REQUIRED.get(4));
        }
        Optional<Module> compiler = ModuleLayer.boot().findModule("jdk.compiler");
        if (compiler.isPresent() && !compiler.get().isExported("com.sun.tools.javac.file", self)) {
            missing.add(REQUIRED.get(5));
        }
        if (!self.isNativeAccessEnabled()) {
            missing.add(REQUIRED.get(6));
        }
        if (!missing.isEmpty()) {
            throw new FeatureStoreException("the feature cache runs on Chronicle Map, which needs these JVM flags: "
                    + String.join(" ", missing) + " (the full set is in the README)");
        }
        checked = true;
    }
}
