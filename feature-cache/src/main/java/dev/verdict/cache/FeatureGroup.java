package dev.verdict.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named schema of per-entity features: their types and defaults, the key type, the maximum age
 * after which a record counts as stale, and the capacity the store is sized for. The record
 * layout follows from it and is fixed when the group's store is created; the group is stored
 * with the data, and opening a store with a different group definition is an error.
 *
 * {@snippet class=dev.verdict.cache.Snippets region=group}
 *
 * <p>The same definition as a JSON file (what {@link #read(Path)} and {@code verdict cache load
 * --group} take; every field is described in {@code docs/feature-cache.md}, "Feature-group
 * definitions"):
 * <pre>
 * {"name": "applicant", "key": "long", "maxAge": "P1D", "capacity": 1000000,
 *  "features": [{"name": "bureau_score", "type": "float32"},
 *               {"name": "region", "type": "categorical", "default": 0},
 *               {"name": "has_mortgage", "type": "boolean", "default": 0}]}
 * </pre>
 * Optional fields: {@code maxKeyBytes} (string keys only, default 64), {@code idColumn} (default
 * {@code id}: a file whose id column is {@code ID} needs {@code "idColumn": "ID"}) and
 * {@code eventTimeColumn} (default {@code event_time}; a file without it loads every row at the
 * load's start time) name the CSV columns. A group holds 1 to 8,192 features.
 */
public final class FeatureGroup {
    /** The most features one group may hold. */
    static final int MAX_FEATURES = 8_192;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final KeyType keyType;
    private final int maxKeyBytes;
    private final Duration maxAge;
    private final long capacity;
    private final String idColumn;
    private final String eventTimeColumn;
    private final List<GroupFeature> features;
    private final Map<String, Integer> indexByName;
    private final String canonicalJson;
    private final long fingerprint;

    private FeatureGroup(Builder b) {
        if (!NAME.matcher(b.name).matches()) {
            throw new IllegalArgumentException("group name '" + b.name
                    + "' must be 1-100 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        if (b.features.isEmpty()) {
            throw new IllegalArgumentException("group '" + b.name + "' has no features");
        }
        if (b.features.size() > MAX_FEATURES) {
            throw new IllegalArgumentException("group '" + b.name + "' has " + b.features.size()
                    + " features; at most " + MAX_FEATURES + " are supported");
        }
        if (b.capacity < 1 || b.capacity > (1L << 40)) {
            throw new IllegalArgumentException("capacity must be between 1 and 2^40, got " + b.capacity);
        }
        if (b.maxAge.isNegative() || b.maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, got " + b.maxAge);
        }
        if (b.maxKeyBytes < 1 || b.maxKeyBytes > 4096) {
            throw new IllegalArgumentException("maxKeyBytes must be between 1 and 4096, got " + b.maxKeyBytes);
        }
        this.name = b.name;
        this.keyType = b.keyType;
        this.maxKeyBytes = b.keyType == KeyType.LONG ? Long.BYTES : b.maxKeyBytes;
        this.maxAge = b.maxAge;
        this.capacity = b.capacity;
        this.idColumn = b.idColumn;
        this.eventTimeColumn = b.eventTimeColumn;
        this.features = List.copyOf(b.features);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < features.size(); i++) {
            String feature = features.get(i).name();
            if (index.put(feature, i) != null) {
                throw new IllegalArgumentException("group '" + name + "' lists feature '" + feature + "' twice");
            }
            if (feature.equals(idColumn) || feature.equals(eventTimeColumn)) {
                throw new IllegalArgumentException("feature '" + feature
                        + "' has the name of the id or event-time column");
            }
        }
        this.indexByName = Map.copyOf(index);
        this.canonicalJson = toJsonNode().toString();
        this.fingerprint = fnv1a(canonicalJson.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@return a builder for a group of that name}
     *
     * @param name the group's name: letters, digits, {@code _ . -}
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Reads a group definition from a JSON file.
     *
     * @param file the JSON file
     * @return the group it defines
     * @throws FeatureStoreException if the file cannot be read or does not define a valid group
     */
    public static FeatureGroup read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FeatureStoreException("cannot read group file " + file + ": " + e.getMessage(), e);
        }
        try {
            return fromJson(text);
        } catch (FeatureStoreException e) {
            throw new FeatureStoreException("group file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a group definition.
     *
     * @param json the definition as JSON
     * @return the group
     * @throws FeatureStoreException if the text is not a valid group definition
     */
    public static FeatureGroup fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new FeatureStoreException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        try {
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("a group definition must be a JSON object");
            }
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!List.of("name", "key", "maxKeyBytes", "maxAge", "capacity", "idColumn",
                        "eventTimeColumn", "features").contains(field)) {
                    throw new IllegalArgumentException("unknown field '" + field + "'");
                }
            }
            Builder b = builder(text(root, "name", null));
            String key = text(root, "key", "long");
            b.keyType(switch (key) {
                case "long" -> KeyType.LONG;
                case "string" -> KeyType.STRING;
                default -> throw new IllegalArgumentException("key must be \"long\" or \"string\", got \"" + key + "\"");
            });
            if (root.has("maxKeyBytes")) {
                b.maxKeyBytes(integer(root, "maxKeyBytes"));
            }
            if (root.has("maxAge")) {
                try {
                    b.maxAge(Duration.parse(text(root, "maxAge", null)));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("maxAge must be an ISO-8601 duration such as \"PT24H\", got \""
                            + root.get("maxAge").asText() + "\"");
                }
            }
            if (root.has("capacity")) {
                b.capacity(integer(root, "capacity"));
            }
            b.idColumn(text(root, "idColumn", b.idColumn));
            b.eventTimeColumn(text(root, "eventTimeColumn", b.eventTimeColumn));
            JsonNode list = root.get("features");
            if (list == null || !list.isArray()) {
                throw new IllegalArgumentException("'features' must be an array");
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode f = list.get(i);
                if (!f.isObject()) {
                    throw new IllegalArgumentException("features[" + i + "] must be an object");
                }
                for (Iterator<String> it = f.fieldNames(); it.hasNext(); ) {
                    String field = it.next();
                    if (!List.of("name", "type", "default").contains(field)) {
                        throw new IllegalArgumentException("features[" + i + "] has an unknown field '" + field
                                + "' (a feature has name, type and default)");
                    }
                }
                String featureName = text(f, "name", null);
                ValueType type = ValueType.parse(text(f, "type", "float32"));
                double def = Double.NaN;
                JsonNode d = f.get("default");
                if (d != null && !d.isNull()) {
                    if (d.isBoolean()) {
                        def = d.booleanValue() ? 1 : 0;
                    } else if (d.isNumber()) {
                        def = d.doubleValue();
                    } else {
                        throw new IllegalArgumentException("features[" + i + "].default must be a number or boolean");
                    }
                }
                b.add(new GroupFeature(featureName, type, def));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new FeatureStoreException("invalid group definition: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw new IllegalArgumentException("missing field '" + field + "'");
            }
            return fallback;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static long integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer");
        }
        return v.longValue();
    }

    /** {@return the group definition as canonical JSON (what the store keeps)} */
    public String toJson() {
        return canonicalJson;
    }

    private ObjectNode toJsonNode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name);
        root.put("key", keyType == KeyType.LONG ? "long" : "string");
        if (keyType == KeyType.STRING) {
            root.put("maxKeyBytes", maxKeyBytes);
        }
        root.put("maxAge", maxAge.toString());
        root.put("capacity", capacity);
        root.put("idColumn", idColumn);
        root.put("eventTimeColumn", eventTimeColumn);
        ArrayNode list = root.putArray("features");
        for (GroupFeature f : features) {
            ObjectNode n = list.addObject();
            n.put("name", f.name());
            n.put("type", f.type().jsonName());
            if (!Double.isNaN(f.defaultValue())) {
                n.put("default", f.defaultValue());
            }
        }
        return root;
    }

    static long fnv1a(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return h;
    }

    /** {@return the group's name} */
    public String name() {
        return name;
    }

    /** {@return the key type} */
    public KeyType keyType() {
        return keyType;
    }

    /** {@return the longest key in bytes: 8 for {@code long} keys} */
    public int maxKeyBytes() {
        return maxKeyBytes;
    }

    /** {@return the age after which a record is {@link ReadStatus#STALE}} */
    public Duration maxAge() {
        return maxAge;
    }

    /** {@return the number of entities a snapshot is sized for} */
    public long capacity() {
        return capacity;
    }

    /** {@return the CSV column that holds the entity id} */
    public String idColumn() {
        return idColumn;
    }

    /** {@return the CSV column that holds the event time (optional in a file)} */
    public String eventTimeColumn() {
        return eventTimeColumn;
    }

    /** {@return the features, in record order} */
    public List<GroupFeature> features() {
        return features;
    }

    /** {@return the number of features} */
    public int size() {
        return features.size();
    }

    /**
     * {@return its index in the group, or -1}
     *
     * @param featureName a feature name
     */
    public int find(String featureName) {
        Integer i = indexByName.get(featureName);
        return i == null ? -1 : i;
    }

    /**
     * {@return its index in the group}
     *
     * @param featureName a feature name
     *
     * @throws IllegalArgumentException if the group has no such feature
     */
    public int indexOf(String featureName) {
        int i = find(featureName);
        if (i < 0) {
            throw new IllegalArgumentException("group '" + name + "' has no feature '" + featureName + "'");
        }
        return i;
    }

    /** {@return a 64-bit hash of the canonical definition, which the control file keeps} */
    long fingerprint() {
        return fingerprint;
    }

    /** {@return the bytes one record takes (timestamp, presence bits, values, checksum)} */
    public int recordBytes() {
        return RecordLayout.recordBytes(features.size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureGroup g && g.canonicalJson.equals(canonicalJson);
    }

    @Override
    public int hashCode() {
        return canonicalJson.hashCode();
    }

    @Override
    public String toString() {
        return "FeatureGroup[" + name + ", " + features.size() + " features, key " + keyType + "]";
    }

    /** Builds a {@link FeatureGroup}. */
    public static final class Builder {
        private final String name;
        private KeyType keyType = KeyType.LONG;
        private int maxKeyBytes = 64;
        private Duration maxAge = Duration.ofDays(1);
        private long capacity = 1_000_000;
        private String idColumn = "id";
        private String eventTimeColumn = "event_time";
        private final List<GroupFeature> features = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * {@return this builder}
         *
         * @param type the key type (default {@code LONG})
         */
        public Builder keyType(KeyType type) {
            this.keyType = Objects.requireNonNull(type);
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param bytes the longest string key in UTF-8 bytes (default 64)
         */
        public Builder maxKeyBytes(long bytes) {
            this.maxKeyBytes = (int) Math.min(Integer.MAX_VALUE, Math.max(Integer.MIN_VALUE, bytes));
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param age when a record becomes stale (default one day)
         */
        public Builder maxAge(Duration age) {
            this.maxAge = Objects.requireNonNull(age);
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param entities how many entities a snapshot is sized for (default 1,000,000)
         */
        public Builder capacity(long entities) {
            this.capacity = entities;
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param column the CSV column holding the id (default {@code id})
         */
        public Builder idColumn(String column) {
            this.idColumn = Objects.requireNonNull(column);
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param column the CSV column holding the event time (default {@code event_time})
         */
        public Builder eventTimeColumn(String column) {
            this.eventTimeColumn = Objects.requireNonNull(column);
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param feature a feature to append
         */
        public Builder add(GroupFeature feature) {
            features.add(Objects.requireNonNull(feature));
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param featureName name
         * @param defaultValue default, NaN for none
         */
        public Builder float32(String featureName, double defaultValue) {
            return add(new GroupFeature(featureName, ValueType.FLOAT32, defaultValue));
        }

        /**
         * {@return this builder}
         *
         * @param featureName name
         * @param defaultValue default, NaN for none
         */
        public Builder int32(String featureName, double defaultValue) {
            return add(new GroupFeature(featureName, ValueType.INT32, defaultValue));
        }

        /**
         * {@return this builder}
         *
         * @param featureName name
         * @param defaultValue default code, NaN for none
         */
        public Builder categorical(String featureName, double defaultValue) {
            return add(new GroupFeature(featureName, ValueType.CATEGORICAL, defaultValue));
        }

        /**
         * {@return this builder}
         *
         * @param featureName name
         * @param defaultValue default 0/1, NaN for none
         */
        public Builder bool(String featureName, double defaultValue) {
            return add(new GroupFeature(featureName, ValueType.BOOLEAN, defaultValue));
        }

        /**
         * {@return the group}
         *
         * @throws IllegalArgumentException if the definition is invalid
         */
        public FeatureGroup build() {
            return new FeatureGroup(this);
        }
    }
}
