package dev.verdict.samples.underwriting.models;

import dev.verdict.core.Model;
import dev.verdict.core.ModelHandle;
import dev.verdict.core.ModelRegistry;
import dev.verdict.core.ModelVersion;
import dev.verdict.core.SchemaMismatchException;
import dev.verdict.loader.ModelLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every model the policy scores with in step with its folder in the model directory
 * ({@code DIR/credit/}, {@code DIR/credit-next/}): a new or changed file is loaded, checked, and
 * published as the model's next version while requests run; a file that fails is rejected,
 * logged and counted, and the serving version keeps serving.
 *
 * <p>Why polling, as an Agrona agent, rather than {@link java.nio.file.WatchService}: the folder
 * must be re-listed anyway to tell a complete file from one still being copied (its size and time
 * stamp have to hold still for a poll interval; an event says only that something was written),
 * and after an {@code OVERFLOW} event; {@code WatchService} is inotify only on Linux (macOS's JDK
 * polls every 10 s, NFS and some container volume mounts deliver no events at all). Listing a few
 * files every 250 ms costs microseconds, and one loop behaves the same on every file system.
 *
 * <p>What a file must pass: {@link ModelLoader} reads it (any XGBoost or LightGBM format,
 * recognized by content; a truncated or foreign file is {@code unreadable}); its outputs must be
 * those of the version serving now, because the policy's cut-offs are for them ({@code outputs});
 * {@link ModelHandle#publish} checks that requests can supply every feature it reads
 * ({@code schema}). Files whose name starts with a dot or ends in {@code .tmp}, {@code .part} or
 * {@code .partial} are ignored: write under such a name, then rename, and the watcher never sees
 * half a file. Touching a file (a new time stamp) loads it again: how to roll back.
 */
public final class ModelDirectoryWatcher implements Agent, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelDirectoryWatcher.class);

    private final Path directory;
    private final long settleNanos;
    private final Map<String, WatchedModel> models = new LinkedHashMap<>();
    private final Duration pollInterval;
    private AgentRunner runner;

    /**
     * Registers each model under its name with the request schema, and publishes the newest file
     * of each folder that passes the checks (older files are taken as superseded).
     *
     * @param directory the model directory
     * @param registry where the models are registered
     * @param requestSchema what requests carry (the request fields and the cached features)
     * @param names the models to watch, each in {@code directory/NAME/}
     * @param pollInterval how often the folders are listed
     * @throws IllegalStateException if a folder holds no file that passes
     */
    public ModelDirectoryWatcher(Path directory, ModelRegistry registry,
            dev.verdict.core.FeatureSchema requestSchema, List<String> names, Duration pollInterval) {
        this.directory = directory;
        this.pollInterval = pollInterval;
        this.settleNanos = pollInterval.toNanos();
        for (String name : names) {
            ModelHandle handle = registry.register(name, requestSchema);
            models.put(name, new WatchedModel(name, directory.resolve(name), handle));
        }
        long now = System.nanoTime();
        for (WatchedModel m : models.values()) {
            loadNewest(m, now);
        }
    }

    /** Starts listing the folders every poll interval, on a thread of its own. */
    public synchronized void start() {
        if (runner == null) {
            long millis = Math.max(1, pollInterval.toMillis());
            runner = new AgentRunner(new SleepingMillisIdleStrategy(millis),
                    e -> LOG.atError().setMessage("model directory scan failed").setCause(e)
                            .addKeyValue("directory", directory).log(),
                    null, this);
            AgentRunner.startOnThread(runner);
        }
    }

    /** Stops the watcher's thread. */
    @Override
    public synchronized void close() {
        if (runner != null) {
            runner.close();
            runner = null;
        }
    }

    /** {@return the model directory} */
    public Path directory() {
        return directory;
    }

    /** {@return the poll interval} */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** {@return each model's state, in policy order} */
    public List<ModelStatus> status() {
        return models.values().stream().map(WatchedModel::status).toList();
    }

    /**
     * {@return one model's state, or null when it is not watched}
     *
     * @param name a model name
     */
    public ModelStatus status(String name) {
        WatchedModel m = models.get(name);
        return m == null ? null : m.status();
    }

    /** {@return the names of the watched models, in policy order} */
    public List<String> names() {
        return List.copyOf(models.keySet());
    }

    /**
     * {@return the file a published version was loaded from, or null}
     *
     * @param name a model name
     * @param version a version number
     */
    public String fileOf(String name, long version) {
        WatchedModel m = models.get(name);
        return m == null ? null : m.fileByVersion.get(version);
    }

    /**
     * {@return a model's serving version number; 0 when none}
     *
     * @param name a model name
     */
    public long servingVersion(String name) {
        WatchedModel m = models.get(name);
        return m == null ? 0 : m.servingVersion();
    }

    /**
     * {@return a model's counter of published files}
     *
     * @param name a model name
     */
    public long reloads(String name) {
        return models.get(name).reloads.get();
    }

    /**
     * {@return a model's counter of rejected files}
     *
     * @param name a model name
     */
    public long rejections(String name) {
        return models.get(name).rejections.get();
    }

    @Override
    public String roleName() {
        return "model-directory-watcher";
    }

    /** One scan of every folder; returns the number of files whose load was tried. */
    @Override
    public int doWork() {
        long now = System.nanoTime();
        int tried = 0;
        for (WatchedModel m : models.values()) {
            tried += scan(m, now);
        }
        return tried;
    }

    private int scan(WatchedModel m, long now) {
        Map<Path, WatchedModel.Stamp> files = list(m.folder);
        m.seen.keySet().retainAll(files.keySet()); // a deleted file that comes back is new
        List<Path> ready = new ArrayList<>();
        for (Map.Entry<Path, WatchedModel.Stamp> e : files.entrySet()) {
            WatchedModel.Observation o = m.seen.get(e.getKey());
            if (o == null || !o.stamp.equals(e.getValue())) {
                m.seen.put(e.getKey(), new WatchedModel.Observation(e.getValue(), now, false));
            } else if (!o.attempted && now - o.sinceNanos >= settleNanos) {
                ready.add(e.getKey());
            }
        }
        // Oldest first, so that when several files settle in one scan the newest ends up serving.
        ready.sort(Comparator.comparingLong((Path p) -> files.get(p).modifiedMillis())
                .thenComparing(Path::getFileName));
        for (Path file : ready) {
            m.seen.get(file).attempted = true;
            tryPublish(m, file);
        }
        return ready.size();
    }

    private void loadNewest(WatchedModel m, long now) {
        Map<Path, WatchedModel.Stamp> files = list(m.folder);
        files.forEach((file, stamp) -> m.seen.put(file, new WatchedModel.Observation(stamp, now, true)));
        List<Path> newestFirst = new ArrayList<>(files.keySet());
        newestFirst.sort(Comparator.comparingLong((Path p) -> files.get(p).modifiedMillis())
                .thenComparing(Path::getFileName).reversed());
        for (Path file : newestFirst) {
            if (tryPublish(m, file)) {
                return;
            }
        }
        ModelStatus.Rejection last = m.lastRejection;
        throw new IllegalStateException("no file in " + m.folder + " could be published as model '"
                + m.name + "'" + (files.isEmpty() ? ": the folder holds no model file"
                        : "; the last one tried, " + last.file() + ", was rejected: " + last.detail()));
    }

    private boolean tryPublish(WatchedModel m, Path file) {
        Model model = null;
        try {
            model = ModelLoader.load(file);
            ModelVersion current = m.handle.isPublished() ? m.handle.current() : null;
            if (current != null && !current.model().outputs().equals(model.outputs())) {
                return reject(m, file, model, "outputs", "its outputs " + model.outputs().scoreNames()
                        + " (" + model.outputs().kind() + ") differ from the serving version's "
                        + current.model().outputs().scoreNames() + " ("
                        + current.model().outputs().kind() + "), which the policy's cut-offs are for");
            }
            ModelVersion published = m.handle.publish(model);
            String name = file.getFileName().toString();
            m.fileByVersion.put(published.version(), name);
            m.serving = new ModelStatus.Serving(published.version(), name, model.info().format(),
                    model.info().objective(), model.info().details(), published.publishedAt());
            m.reloads.incrementAndGet();
            LOG.atInfo().setMessage("model version published").addKeyValue("model", m.name)
                    .addKeyValue("version", published.version()).addKeyValue("file", file)
                    .addKeyValue("format", model.info().format())
                    .addKeyValue("trees", model.info().details().get("trees")).log();
            return true;
        } catch (SchemaMismatchException e) {
            return reject(m, file, model, "schema", e.getMessage());
        } catch (RuntimeException e) {
            // ModelLoadException for a foreign, truncated or oversized file; anything else a
            // loader throws is also a reason not to serve the file.
            return reject(m, file, model, "unreadable", String.valueOf(e.getMessage()));
        }
    }

    private boolean reject(WatchedModel m, Path file, Model model, String reason, String detail) {
        if (model != null) {
            model.close();
        }
        m.lastRejection = new ModelStatus.Rejection(file.getFileName().toString(), reason, detail,
                Instant.now());
        m.rejections.incrementAndGet();
        long serving = m.servingVersion();
        LOG.atWarn().setMessage("model file rejected; the serving version keeps serving")
                .addKeyValue("model", m.name).addKeyValue("file", file).addKeyValue("reason", reason)
                .addKeyValue("detail", detail)
                .addKeyValue("servingVersion", serving == 0 ? "none" : serving).log();
        return false;
    }

    /** The folder's candidate files and their stamps; a missing folder is created (empty). */
    private static Map<Path, WatchedModel.Stamp> list(Path folder) {
        Map<Path, WatchedModel.Stamp> files = new LinkedHashMap<>();
        try {
            Files.createDirectories(folder);
            Set<Path> names = new HashSet<>();
            try (Stream<Path> entries = Files.list(folder)) {
                entries.filter(ModelDirectoryWatcher::isCandidate).forEach(names::add);
            }
            for (Path p : names) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        files.put(p, new WatchedModel.Stamp(a.size(), a.lastModifiedTime().toMillis()));
                    }
                } catch (NoSuchFileException gone) {
                    // Renamed or deleted between the listing and the look: not a candidate now.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the model folder " + folder, e);
        }
        return files;
    }

    private static boolean isCandidate(Path p) {
        String name = p.getFileName().toString();
        return !name.startsWith(".") && !name.endsWith(".tmp") && !name.endsWith(".part")
                && !name.endsWith(".partial") && !name.endsWith("~");
    }
}
