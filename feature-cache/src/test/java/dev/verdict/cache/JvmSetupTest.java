package dev.verdict.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a JVM that embeds the feature cache sees on start, tested in child JVMs started the way a
 * user starts one: without {@code -Dchronicle.*} properties, without JUnit on the class path
 * (Chronicle keeps quiet by itself when it finds JUnit, which would hide what a service sees),
 * with SLF4J's simple logger at INFO, and with a fresh home directory.
 */
class JvmSetupTest {
    @TempDir
    Path dir;

    record Run(int exit, String output) {
    }

    /** The test class path minus JUnit, plus slf4j-simple (kept off the test JVM's own class path). */
    static List<String> userClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (!name.contains("junit") && !name.startsWith("opentest4j") && !name.startsWith("apiguardian")) {
                entries.add(entry);
            }
        }
        String slf4jSimple = System.getProperty("verdict.test.slf4jSimple");
        assertNotNull(slf4jSimple, "the build passes slf4j-simple's jar as verdict.test.slf4jSimple");
        entries.add(slf4jSimple);
        return entries;
    }

    Run start(List<String> jvmArgs, List<String> command, String jdkJavaOptions) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> full = new ArrayList<>();
        full.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        full.add("-Duser.home=" + home);
        full.add("-Xshare:auto");
        full.addAll(jvmArgs);
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        pb.environment().remove("JDK_JAVA_OPTIONS");
        if (jdkJavaOptions != null) {
            pb.environment().put("JDK_JAVA_OPTIONS", jdkJavaOptions);
        }
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);
        return new Run(p.exitValue(), output);
    }

    Run startClass(List<String> jvmArgs) throws Exception {
        List<String> command = List.of("-cp", String.join(File.pathSeparator, userClassPath()),
                ChildMain.class.getName(), "start", dir.resolve("store").toString());
        return start(jvmArgs, command, null);
    }

    @Test
    void chronicleStaysOfflineAndQuietWithoutAnyChronicleProperty() throws Exception {
        Run run = startClass(JvmFlags.REQUIRED);
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("OK 5.0"), run.output());
        assertTrue(run.output().contains("INFO net.openhft.chronicle.core.Jvm - Chronicle core loaded from"),
                "INFO logging is on, so a banner would show: " + run.output());
        assertTrue(run.output().contains("chronicle.analytics.disable=true"), run.output());
        assertTrue(run.output().contains("chronicle.announcer.disable=true"), run.output());
        String lower = run.output().toLowerCase(Locale.ROOT);
        for (String never : List.of("unknownhostexception", "client id file", "google-analytics",
                "running under", "leave your e-mail", "process id:", "analytics:")) {
            assertFalse(lower.contains(never), "'" + never + "' in: " + run.output());
        }
        assertFalse(Files.exists(dir.resolve("home/.chronicle.analytics.client.id")), "no analytics client id");
    }

    @Test
    void aChroniclePropertyTheUserSetIsLeftAsItIs() throws Exception {
        List<String> args = new ArrayList<>(JvmFlags.REQUIRED);
        args.add("-Dchronicle.announcer.disable=false");
        Run run = startClass(args);
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("chronicle.announcer.disable=false"), run.output());
        assertTrue(run.output().contains("InternalAnnouncer - Running under"), "the banner the user asked for: "
                + run.output());
        assertTrue(run.output().contains("chronicle.analytics.disable=true"), run.output());
    }

    @Test
    void everyMissingFlagIsNamedWithTheLineThatFixesIt() throws Exception {
        Run none = startClass(List.of());
        assertEquals(2, none.exit(), none.output());
        for (String flag : JvmFlags.REQUIRED) {
            assertTrue(none.output().contains("\n  " + flag + "\n"), flag + " in: " + none.output());
        }
        assertTrue(none.output().contains("\n  " + String.join(" ", JvmFlags.REQUIRED) + "\n"), none.output());

        List<String> some = List.of("--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED");
        Run partly = startClass(some);
        assertEquals(2, partly.exit(), partly.output());
        List<String> lines = partly.output().lines().toList();
        int at = lines.indexOf("add them to the java command (before the main class or -jar):");
        assertTrue(at > 0, partly.output());
        List<String> toAdd = Arrays.asList(lines.get(at + 1).trim().split(" "));
        List<String> expected = new ArrayList<>(JvmFlags.REQUIRED);
        expected.removeAll(some);
        assertEquals(expected, toAdd, "exactly the missing flags, in the README's order");

        List<String> fixed = new ArrayList<>(some);
        fixed.addAll(toAdd);
        Run run = startClass(fixed);
        assertEquals(0, run.exit(), "the printed line is enough: " + run.output());
    }

    /**
     * The README's executable-jar recipe: {@code Add-Opens}, {@code Add-Exports} and
     * {@code Enable-Native-Access} in the manifest are honoured by {@code java -jar} on JDK 25;
     * {@code --sun-misc-unsafe-memory-access} has no manifest attribute and goes in
     * {@code JDK_JAVA_OPTIONS} (or on the command line).
     */
    @Test
    void anExecutableJarCarriesEveryFlagButUnsafeMemoryAccessInItsManifest() throws Exception {
        Path appDir = Files.createDirectories(dir.resolve("app"));
        Path jar = appDir.resolve("service.jar");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, ChildMain.class.getName());
        main.put(Attributes.Name.CLASS_PATH, relativeClassPath(appDir, userClassPath()));
        main.putValue("Add-Opens", "java.base/java.lang java.base/java.lang.reflect");
        main.putValue("Add-Exports", "java.base/sun.nio.ch java.base/jdk.internal.ref java.base/jdk.internal.misc"
                + " jdk.compiler/com.sun.tools.javac.file");
        main.putValue("Enable-Native-Access", "ALL-UNNAMED");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        List<String> command = List.of("-jar", jar.toString(), "start", dir.resolve("store").toString());

        Run manifestOnly = start(List.of(), command, null);
        assertEquals(2, manifestOnly.exit(), manifestOnly.output());
        List<String> lines = manifestOnly.output().lines().toList();
        int at = lines.indexOf("add them to the java command (before the main class or -jar):");
        assertEquals("  --sun-misc-unsafe-memory-access=allow", lines.get(at + 1), manifestOnly.output());

        Run withOptions = start(List.of(), command, "--sun-misc-unsafe-memory-access=allow");
        assertEquals(0, withOptions.exit(), withOptions.output());
        assertTrue(withOptions.output().contains("OK 5.0"), withOptions.output());
    }

    /** A manifest Class-Path: entries relative to the jar's folder, folders ending in '/', URL-encoded. */
    private static String relativeClassPath(Path from, List<String> entries) throws IOException, URISyntaxException {
        List<String> urls = new ArrayList<>();
        for (String entry : entries) {
            Path p = Path.of(entry).toAbsolutePath();
            String relative = from.toAbsolutePath().relativize(p).toString().replace(File.separatorChar, '/');
            if (Files.isDirectory(p)) {
                relative += "/";
            }
            urls.add(new URI(null, null, relative, null).getRawPath());
        }
        return String.join(" ", urls);
    }
}
