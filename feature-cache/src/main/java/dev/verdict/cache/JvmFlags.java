package dev.verdict.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks, once, that the JVM was started with the flags Chronicle Map needs on JDK 25, so that a
 * missing flag is reported by name, with the line to add to the {@code java} command, instead of
 * as an {@code IllegalAccessError} deep inside Chronicle (or a warning on every start).
 */
final class JvmFlags {
    /** The flags, as they go on the command line, in the order the message lists them. */
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
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            StringBuilder m = new StringBuilder(
                    "the feature cache runs on Chronicle Map, which needs JVM flags this JVM was started without:");
            for (String flag : missing) {
                m.append("\n  ").append(flag);
            }
            m.append("\nadd them to the java command (before the main class or -jar):\n  ")
                    .append(String.join(" ", missing))
                    .append("\n(an executable jar's manifest can carry all but --sun-misc-unsafe-memory-access;"
                            + " see the README, \"JVM flags\")");
            throw new FeatureStoreException(m.toString());
        }
        checked = true;
    }

    /** {@return the flags of {@link #REQUIRED} this JVM lacks, in that order} */
    static List<String> missing() {
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
        // The launcher turns the flag into this property (JDK 24+; unset means "warn").
        if (!"allow".equals(System.getProperty("sun.misc.unsafe.memory.access"))) {
            missing.add(REQUIRED.get(7));
        }
        return missing;
    }
}
