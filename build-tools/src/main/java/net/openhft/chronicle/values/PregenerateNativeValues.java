package net.openhft.chronicle.values;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A build step (feature-cache's pom runs it at {@code process-classes}): compiles ahead of time
 * the class Chronicle Values would otherwise generate and compile with {@code javac} when a JVM
 * opens its first Chronicle Map file (the
 * native implementation of Chronicle Map's header state, about 1.3 s of a 2.2 s first open on the
 * project's machine). Chronicle Values looks for {@code <interface>$$Native} on the class path
 * before generating it, so shipping the class in the feature-cache jar skips the compile. The
 * source comes from Chronicle Values' own generator, of the version on the build's class path, so
 * it always matches the Chronicle Map it runs with. It lives in Chronicle Values' package because
 * the generator is package-private there.
 *
 * <p>Arguments: the directory of generated sources, the class output directory. It lives in
 * {@code verdict-build-tools}, which feature-cache uses with {@code provided} scope, so that the
 * class the feature-cache jar ships does not depend on test sources being compiled.
 */
public final class PregenerateNativeValues {
    private PregenerateNativeValues() {
    }

    /**
     * @param args the directory of generated sources, the class output directory
     * @throws IOException if the source cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path sources = Path.of(args[0]);
        Path classes = Path.of(args[1]);
        Class<?> type = net.openhft.chronicle.hash.VanillaGlobalMutableState.class;
        String simpleName = ValueModel.simpleName(type) + ValueModel.$$NATIVE;
        String source = Generators.generateNativeClass(ValueModel.acquire(type), simpleName);
        Path file = sources.resolve(type.getPackageName().replace('.', '/')).resolve(simpleName + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, List.of("-nowarn", "-proc:none", "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), file.toString()).toArray(new String[0]));
        if (status != 0) {
            throw new IllegalStateException("javac failed on " + file);
        }
        // Silent on success, like the rest of a quiet build; a failure throws.
    }
}
