package dev.verdict.cache;

import dev.verdict.core.FeatureSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.map.ExternalMapQueryContext;

/**
 * A feature store opened for reading: a directory of feature groups, each a control file and a
 * memory-mapped Chronicle Map snapshot shared by every process that opens it. One instance per
 * process; it hands out a {@link FeatureReader} per thread. Readers follow the writer's
 * snapshot switches (bulk loads, recoveries) by themselves.
 *
 * {@snippet class=dev.verdict.cache.Snippets region=store}
 * }
 *
 * <p>A process needs Chronicle Map's JVM flags (see the README); {@link FeatureWriter} writes the
 * store.
 */
public final class FeatureStore implements AutoCloseable {
    static {
        ChronicleDefaults.apply(); // before this class can reach any Chronicle class
    }

    private final Path dir;
    private final Map<String, GroupView> views = new HashMap<>();
    private boolean closed;

    private FeatureStore(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens a store directory for reading.
     *
     * @param dir the store directory
     * @return the store
     * @throws FeatureStoreException if {@code dir} is not a directory
     */
    public static FeatureStore open(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new FeatureStoreException("no feature store at " + dir + " (not a directory)");
        }
        JvmFlags.check();
        return new FeatureStore(dir);
    }

    /** {@return the store directory} */
    public Path directory() {
        return dir;
    }

    /** {@return the names of the groups the store holds} */
    public List<String> groups() {
        try (Stream<Path> list = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            list.filter(p -> Files.isRegularFile(p.resolve(ControlFile.NAME)))
                    .forEach(p -> names.add(p.getFileName().toString()));
            names.sort(null);
            return names;
        } catch (IOException e) {
            throw new FeatureStoreException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    synchronized GroupView view(String group) {
        if (closed) {
            throw new FeatureStoreException("the feature store is closed");
        }
        GroupView v = views.get(group);
        if (v == null) {
            Path groupDir = dir.resolve(group);
            if (!group.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}") || !Files.isDirectory(groupDir)) {
                throw new UnknownGroupException("store " + dir + " has no feature group '" + group
                        + "'; it has " + groups());
            }
            v = new GroupView(groupDir);
            views.put(group, v);
        }
        return v;
    }

    /**
     * {@return the group's definition, as stored}
     *
     * @param group a group name
     *
     * @throws UnknownGroupException if the store has no such group
     */
    public FeatureGroup group(String group) {
        return view(group).group;
    }

    /**
     * Makes a reader that fills vectors of {@code schema} from {@code group}. Features are matched
     * by name; the group's features the model lacks are ignored.
     *
     * @param group the group's name
     * @param schema the model's feature schema
     * @param options fills, lock timeout, checksums
     * @return a reader for one thread
     * @throws UnknownGroupException if the store has no such group
     * @throws dev.verdict.core.SchemaMismatchException if a shared feature has incompatible types
     */
    public FeatureReader reader(String group, FeatureSchema schema, ReadOptions options) {
        return new FeatureReader(view(group), schema, options);
    }

    /**
     * Like {@link #reader(String, FeatureSchema, ReadOptions)}, first checking that the store's
     * group is exactly {@code expected}.
     *
     * @param expected the group definition the caller was built against
     * @param schema the model's feature schema
     * @param options fills, lock timeout, checksums
     * @return a reader for one thread
     * @throws StoreSchemaMismatchException if the stored group differs from {@code expected}
     */
    public FeatureReader reader(FeatureGroup expected, FeatureSchema schema, ReadOptions options) {
        GroupView v = view(expected.name());
        requireSameLayout(expected, v.group, v.dir);
        return new FeatureReader(v, schema, options);
    }

    static void requireSameLayout(FeatureGroup expected, FeatureGroup stored, Path where) {
        if (expected.fingerprint() != stored.fingerprint() || !expected.equals(stored)) {
            throw new StoreSchemaMismatchException("feature group '" + stored.name() + "' at " + where
                    + " was created with a different definition; stored: " + stored.toJson()
                    + "; given: " + expected.toJson());
        }
    }

    /**
     * {@return its numbers: entries, bytes mapped, last update, load progress}
     *
     * @param group a group name
     */
    public GroupStats stats(String group) {
        return view(group).stats();
    }

    /**
     * Reads one record for inspection (allocates; not for the request path).
     *
     * @param group a group name
     * @param id the entity id as text (a decimal number for {@code long} keys)
     * @return a copy of the record, or empty if there is none
     * @throws KeyTypeMismatchException if the group has long keys and {@code id} is not a number
     */
    public Optional<FeatureRecord> get(String group, String id) {
        GroupView v = view(group);
        KeyBuffer key = new KeyBuffer(v.group.maxKeyBytes());
        int length;
        if (v.group.keyType() == KeyType.LONG) {
            try {
                length = key.setLong(Long.parseLong(id.trim()));
            } catch (NumberFormatException e) {
                throw KeyTypeMismatchException.of(v.group, "'" + id + "', which is not a number");
            }
        } else {
            length = key.setString(id);
            if (length < 0) {
                return Optional.empty();
            }
        }
        try (ExternalMapQueryContext<byte[], byte[], ?> ctx = v.current().map.queryContext(key.store, 0, length)) {
            MapEntry<byte[], byte[]> entry = ctx.entry();
            if (entry == null) {
                return Optional.empty();
            }
            Data<byte[]> value = entry.value();
            FeatureRecord record = new FeatureRecord(v.group);
            record.copyFrom(value.bytes().addressForRead(value.offset()));
            return Optional.of(record);
        }
    }

    /**
     * Touches every page of the group's live snapshot through the mapping readers use, so that
     * the first requests find it resident instead of faulting it in.
     *
     * @param group a group name
     * @return the number of records touched
     */
    public long pretouch(String group) {
        GroupView v = view(group);
        long[] count = new long[1];
        long[] sink = new long[1];
        v.current().map.forEachEntry(e -> {
            Data<byte[]> value = e.value();
            sink[0] += value.bytes().readLong(value.offset());
            count[0]++;
        });
        return count[0] + (sink[0] & 0);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (GroupView v : views.values()) {
            v.close();
        }
        views.clear();
    }
}
